using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sift.Engine.Configuration;
using Sift.Engine.Hosting;
using Sift.Engine.Milter;

namespace Sift.Host.Commands;

/// <summary>
/// <c>sift serve [--config FILE]</c>: the milter gateway and the engine under the generic host.
/// SIGTERM (or Ctrl+C) drains: sessions in flight finish within <c>sift.milter.grace-period</c>,
/// the rest are answered tempfail. SIGHUP reads FILE again and swaps the check policy; a bad file
/// is refused with its errors and the running policy stays.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "HOCON file merged over the embedded reference.conf (without it: the defaults, listening on inet:8890@127.0.0.1).",
        };
        var cmd = new Command("serve", "Run the milter gateway with the engine until SIGTERM; SIGHUP reloads the check policy.");
        cmd.Options.Add(config);
        cmd.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(config);
            IHost host;
            try
            {
                host = BuildHost(file);
            }
            catch (Exception e) when (e is SiftConfigurationException or GatewayPolicyException)
            {
                parse.InvocationConfiguration.Error.WriteLine(e.Message);
                return 1;
            }
            using (host)
            {
                LogRuntime(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sift.Host"));
                var reloads = host.Services.GetRequiredService<MilterGatewayService>();
                using var hangup = RegisterHangup(reloads);
                try
                {
                    await host.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or FormatException)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"sift serve: {e.Message}");
                    return 1;
                }
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>The host <c>sift serve</c> runs: configuration from <paramref name="file"/>, console logging, Sift.</summary>
    /// <exception cref="SiftConfigurationException">The file is invalid.</exception>
    /// <exception cref="GatewayPolicyException">The policy in it is invalid.</exception>
    public static IHost BuildHost(string? file)
    {
        var (configuration, options) = SiftConfiguration.Load(file);
        GatewayPolicy.From(options);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.AddSift(configuration, h => h.ConfigurationFile = file);
        // The host waits for the drain: the grace period, then the tempfail answers and the engine's stop.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Milter.GracePeriod + TimeSpan.FromSeconds(15));
        return builder.Build();
    }

    /// <summary>What the runtime defaults (<see cref="RuntimeDefaults"/>) came to in this process.</summary>
    private static void LogRuntime(ILogger logger)
    {
        var inline = RuntimeDefaults.InlineCompletionsInEffect() switch { true => "on", false => "off", null => "unknown" };
        var spin = RuntimeDefaults.SpinLimitInEffect()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        var value = Environment.GetEnvironmentVariable(RuntimeDefaults.InlineCompletions) ?? "unset";
        HostLog.Runtime(logger, inline, RuntimeDefaults.InlineCompletions, value, spin);
    }

    private static PosixSignalRegistration? RegisterHangup(MilterGatewayService service)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = service.ReloadAsync();
        });
    }
}
