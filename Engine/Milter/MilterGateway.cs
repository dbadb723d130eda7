using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sift.Actors.Kernel;
using Sift.Engine.Configuration;
using Sift.Engine.Diagnostics;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

/// <summary>
/// Sift as a milter: a <see cref="MilterServer"/> whose every connection is a
/// <see cref="MilterSession"/> actor running the policy's checks through a <see cref="FilterEngine"/>
/// at the SMTP stage where their inputs are complete. The policy can be replaced while it runs
/// (<see cref="Reload"/>); sessions in flight keep the policy they started with.
/// <code>
/// await using var engine = new FilterEngine(options);
/// var gateway = new MilterGateway(engine, siftOptions, loggerFactory);
/// await gateway.StartAsync();
/// </code>
/// </summary>
public sealed class MilterGateway : IAsyncDisposable
{
    private readonly FilterEngine _engine;
    private readonly MilterServerOptions _serverOptions;
    private readonly ILogger _sessionLogger;
    private readonly SiftMeter? _meter;
    private readonly TimeSpan _grace;
    private GatewayPolicy _policy;
    private int _sessions;

    /// <summary>Creates the gateway; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="engine">The engine that runs the checks (its kinds registered).</param>
    /// <param name="options">The configuration: <c>sift.milter</c>, <c>sift.checks</c>, <c>sift.scoring</c>, <c>sift.limits</c>.</param>
    /// <param name="loggerFactory">Where the gateway logs (one line per message at Information).</param>
    /// <param name="meter">Instruments to record verdicts, batches and sessions in.</param>
    /// <exception cref="GatewayPolicyException">The policy in <paramref name="options"/> is invalid.</exception>
    public MilterGateway(FilterEngine engine, SiftOptions options, ILoggerFactory? loggerFactory = null, SiftMeter? meter = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _meter = meter;
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = factory.CreateLogger("Sift.Milter.Gateway");
        _sessionLogger = factory.CreateLogger("Sift.Milter.Session");
        _policy = GatewayPolicy.From(options);
        _grace = options.Milter.GracePeriod;
        _serverOptions = new MilterServerOptions
        {
            Listen = options.Milter.Listen,
            MaxConnections = options.Milter.MaxConnections,
            CommandTimeout = options.Milter.CommandTimeout,
            StopGracePeriod = options.Milter.GracePeriod,
            DefaultResponse = _policy.DefaultResponse,
            Actions = MilterActions.AddHeaders | MilterActions.Quarantine,
        };
        Server = new MilterServer(() => new SiftMilterHandler(this), _serverOptions, factory.CreateLogger("Sift.Milter"));
        GatewayLog.PolicyLoaded(Logger, _policy.Checks.Count, Describe(_policy));
        WarnMissingKinds(_policy);
    }

    /// <summary>The policy new sessions start with.</summary>
    public GatewayPolicy Policy => Volatile.Read(ref _policy);

    /// <summary>The milter server.</summary>
    public MilterServer Server { get; }

    /// <summary>The bound address (real port when 0 was asked for); null before start.</summary>
    public EndPoint? LocalEndPoint => Server.LocalEndPoint;

    /// <summary>Sessions open now.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    internal ILogger Logger { get; }

    /// <summary>Deletes spool files of dead processes, binds the listener and starts accepting.</summary>
    /// <exception cref="FormatException">The listen descriptor is invalid.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The address cannot be bound.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var directory = Policy.SpoolDirectory;
        if (MessageSpool.DeleteLeftovers(directory) is var deleted and > 0)
        {
            GatewayLog.LeftoversDeleted(Logger, deleted, string.IsNullOrEmpty(directory) ? Path.GetTempPath() : directory);
        }
        await Server.StartAsync(cancellationToken).ConfigureAwait(false);
        GatewayLog.Listening(Logger, Server.Descriptor ?? _serverOptions.Listen);
    }

    /// <summary>
    /// Stops accepting; sessions in flight may finish within <paramref name="gracePeriod"/>
    /// (default <c>sift.milter.grace-period</c>), the rest are answered tempfail and closed.
    /// </summary>
    public Task StopAsync(TimeSpan? gracePeriod = null)
    {
        var grace = gracePeriod ?? _grace;
        GatewayLog.Stopping(Logger, grace.TotalMilliseconds);
        return Server.StopAsync(grace);
    }

    /// <summary>
    /// Replaces the policy with the one in <paramref name="options"/> if it is valid; returns its
    /// errors otherwise (and the running policy stays). Sessions in flight keep their policy.
    /// The listener, connection limit and timeouts change only with a restart.
    /// </summary>
    public IReadOnlyList<string> Reload(SiftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        GatewayPolicy next;
        try
        {
            next = GatewayPolicy.From(options);
        }
        catch (GatewayPolicyException e)
        {
            GatewayLog.ReloadRefused(Logger, string.Join("; ", e.Errors));
            return e.Errors;
        }
        Apply(next);
        return [];
    }

    /// <summary>Logs that a new configuration was refused (its errors) and the running policy stays.</summary>
    public void Refused(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        GatewayLog.ReloadRefused(Logger, string.Join("; ", errors));
    }

    /// <summary>Makes <paramref name="policy"/> the one new sessions start with.</summary>
    public void Apply(GatewayPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _serverOptions.DefaultResponse = policy.DefaultResponse;
        Volatile.Write(ref _policy, policy);
        GatewayLog.PolicyLoaded(Logger, policy.Checks.Count, Describe(policy));
        WarnMissingKinds(policy);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Server.DisposeAsync().ConfigureAwait(false);

    internal IActorRef OpenSession(GatewayPolicy policy)
    {
        Interlocked.Increment(ref _sessions);
        _meter?.SessionChanged(1);
        return _engine.System.ActorOf(MilterSession.Create(_engine, policy, _sessionLogger, _meter));
    }

    internal void SessionClosed(IActorRef session)
    {
        Interlocked.Decrement(ref _sessions);
        _meter?.SessionChanged(-1);
        _engine.System.Stop(session);
    }

    /// <summary>
    /// What a connection that starts with <paramref name="policy"/> asks of the MTA: its
    /// <see cref="GatewayPolicy.MilterProtocol"/>. Each session's handler answers negotiation with the
    /// policy it runs, so a reload changes the flags of new connections only.
    /// </summary>
    public static MilterProtocolFlags ProtocolFor(GatewayPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.MilterProtocol;
    }

    private void WarnMissingKinds(GatewayPolicy policy)
    {
        var kinds = _engine.Kinds;
        foreach (var check in policy.Checks.Where(c => !kinds.Contains(c.Kind)))
        {
            GatewayLog.KindMissing(Logger, check.Name, check.Kind);
        }
    }

    private static string Describe(GatewayPolicy policy) => policy.Checks.Count == 0
        ? "none"
        : string.Join(", ", policy.Checks.GroupBy(c => c.Stage).OrderBy(g => g.Key)
            .Select(g => $"{StageTable.NameOf(g.Key)}: {string.Join(' ', g.Select(c => c.Name))}"));
}
