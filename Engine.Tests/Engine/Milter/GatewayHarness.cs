using Microsoft.Extensions.Logging;
using Sift.Engine.Backends;
using Sift.Engine.Configuration;
using Sift.Engine.Diagnostics;
using Sift.Engine.Hosting;
using Sift.Engine.Milter;
using Sift.Actors.TestKit;

namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>An in-process Sift gateway (engine + milter listener) with a policy built in code, for one test.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private readonly SiftBackends _backends;

    private GatewayHarness(FilterEngine engine, MilterGateway gateway, CapturingLoggerProvider logs, SiftMeter meter, SiftBackends backends)
    {
        _backends = backends;
        Engine = engine;
        Gateway = gateway;
        Logs = logs;
        Meter = meter;
    }

    /// <summary>The engine.</summary>
    public FilterEngine Engine { get; }

    /// <summary>The gateway.</summary>
    public MilterGateway Gateway { get; }

    /// <summary>Everything logged.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>The instruments.</summary>
    public SiftMeter Meter { get; }

    /// <summary>Where the gateway listens.</summary>
    public System.Net.EndPoint EndPoint => Gateway.LocalEndPoint!;

    /// <summary>The messages logged with event id <paramref name="eventId"/>.</summary>
    public IReadOnlyList<string> Logged(int eventId) => Logs.Entries.Where(e => e.EventId.Id == eventId).Select(e => e.Message).ToArray();

    /// <summary>Options with a loopback listener on <paramref name="port"/> (0: any free port) and no checks.</summary>
    public static SiftOptions Options(int port = 0)
    {
        var options = new SiftOptions();
        options.Milter.Listen = $"inet:{port}@127.0.0.1";
        options.Milter.GracePeriod = TimeSpan.FromSeconds(2);
        return options;
    }

    /// <summary>Starts a gateway with <paramref name="options"/>; <paramref name="register"/> adds custom kinds to the engine.</summary>
    public static async Task<GatewayHarness> StartAsync(SiftOptions options, Action<FilterEngine>? register = null)
    {
        var logs = new CapturingLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var engine = new FilterEngine(SiftServiceCollectionExtensions.ToEngineOptions(options, factory));
        var backends = SiftBackends.Create(options, loggerFactory: factory);
        backends.RegisterKinds(engine);
        register?.Invoke(engine);
        var meter = new SiftMeter();
        meter.Observe(engine);
        var gateway = new MilterGateway(engine, options, factory, meter);
        await gateway.StartAsync();
        return new GatewayHarness(engine, gateway, logs, meter, backends);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Engine.DisposeAsync();
        await _backends.DisposeAsync();
        Meter.Dispose();
    }
}
