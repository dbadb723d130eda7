using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sift.Engine.Configuration.Hocon;

namespace Sift.Engine.Configuration;

/// <summary>Registers Sift's options for <c>IOptions&lt;T&gt;</c> injection.</summary>
public static class SiftOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SiftOptions"/> to the <c>sift</c> section of <paramref name="configuration"/>
    /// and each part (<see cref="EngineOptions"/>, <see cref="ScoringOptions"/>, <see cref="DnsOptions"/>,
    /// <see cref="BackendsOptions"/>, <see cref="MilterOptions"/>, <see cref="LimitsOptions"/>,
    /// <see cref="LoggingOptions"/>) to its subsection, so a component asks only for what it uses.
    /// </summary>
    public static IServiceCollection AddSiftOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        HoconTypeConverters.Register();
        var sift = configuration.GetSection("sift");
        services.Configure<SiftOptions>(sift);
        services.Configure<EngineOptions>(sift.GetSection("engine"));
        services.Configure<ScoringOptions>(sift.GetSection("scoring"));
        services.Configure<DnsOptions>(sift.GetSection("dns"));
        services.Configure<BackendsOptions>(sift.GetSection("backends"));
        services.Configure<MilterOptions>(sift.GetSection("milter"));
        services.Configure<LimitsOptions>(sift.GetSection("limits"));
        services.Configure<LoggingOptions>(sift.GetSection("logging"));
        return services;
    }
}
