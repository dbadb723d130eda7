using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sift.Actors.Kernel;
using Sift.Engine.Backends;
using Sift.Engine.Configuration;
using Sift.Engine.Configuration.Hocon;
using Sift.Engine.Diagnostics;
using Sift.Engine.Milter;

namespace Sift.Engine.Hosting;

/// <summary>What <see cref="SiftServiceCollectionExtensions.AddSift"/> registers beyond the engine.</summary>
public sealed class SiftHostingOptions
{
    /// <summary>Run the milter listener as a hosted service. Default true; false for a .NET gateway that only wants the engine.</summary>
    public bool Milter { get; set; } = true;

    /// <summary>The configuration file to read again on <see cref="MilterGatewayService.ReloadAsync"/> (SIGHUP); null: the reference alone.</summary>
    public string? ConfigurationFile { get; set; }
}

/// <summary>Registers Sift in a generic host.</summary>
public static class SiftServiceCollectionExtensions
{
    /// <summary>
    /// Registers Sift: its options (<c>IOptions&lt;SiftOptions&gt;</c> and each section), logging
    /// with <c>sift.logging</c>'s levels, the <see cref="SiftMeter"/>, the <see cref="FilterEngine"/>
    /// (with the backend kinds configured under <c>sift.backends</c>) and its <see cref="ActorSystem"/>
    /// — started and stopped with the host — and, unless <see cref="SiftHostingOptions.Milter"/> is
    /// false, the <see cref="MilterGateway"/> as a hosted service that drains on stop.
    /// </summary>
    public static IServiceCollection AddSift(this IServiceCollection services, IConfiguration configuration, Action<SiftHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var hosting = new SiftHostingOptions();
        configure?.Invoke(hosting);
        services.AddSingleton(hosting);
        services.AddSiftOptions(configuration);
        HoconTypeConverters.Register();
        var logging = configuration.GetSection("sift:logging").Get<LoggingOptions>() ?? new LoggingOptions();
        services.AddLogging(builder => ConfigureLogging(builder, logging));
        services.AddMetrics();
        services.TryAddSingleton(sp => new SiftMeter(sp.GetService<IMeterFactory>()));
        // The backends (DNS client, clamd/spamd/rspamd upstream sets with health, process runner)
        // are one singleton, disposed with the container; the engine's check kinds run over them.
        services.TryAddSingleton(sp => SiftBackends.Create(
            sp.GetRequiredService<IOptions<SiftOptions>>().Value, loggerFactory: sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(sp => CreateEngine(sp));
        services.TryAddSingleton(sp => sp.GetRequiredService<FilterEngine>().System);
        services.AddHostedService<SiftEngineService>();
        if (hosting.Milter)
        {
            services.TryAddSingleton(sp => new MilterGateway(
                sp.GetRequiredService<FilterEngine>(),
                sp.GetRequiredService<IOptions<SiftOptions>>().Value,
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<SiftMeter>()));
            services.AddSingleton<MilterGatewayService>();
            services.AddHostedService(sp => sp.GetRequiredService<MilterGatewayService>());
        }
        return services;
    }

    /// <summary>The engine's settings from <c>sift.engine</c> and <c>sift.scoring</c>.</summary>
    public static FilterEngineOptions ToEngineOptions(SiftOptions options, ILoggerFactory? loggerFactory = null) =>
        ConfiguredEngine.ToEngineOptions(options, new ConfiguredEngineOptions { LoggerFactory = loggerFactory });

    private static FilterEngine CreateEngine(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SiftOptions>>().Value;
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var engine = new FilterEngine(ToEngineOptions(options, loggerFactory));
        services.GetRequiredService<SiftBackends>().RegisterKinds(engine);
        services.GetRequiredService<SiftMeter>().Observe(engine);
        return engine;
    }

    private static void ConfigureLogging(ILoggingBuilder builder, LoggingOptions logging)
    {
        if (TryLevel(logging.Level, out var level))
        {
            builder.SetMinimumLevel(level);
        }
        foreach (var (category, name) in logging.Levels)
        {
            if (TryLevel(name, out var categoryLevel))
            {
                builder.AddFilter(category, categoryLevel);
            }
        }
    }

    private static bool TryLevel(string name, out LogLevel level) => Enum.TryParse(name, ignoreCase: true, out level);
}
