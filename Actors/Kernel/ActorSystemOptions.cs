using Microsoft.Extensions.Logging;

namespace Sift.Actors.Kernel;

/// <summary>Settings of an <see cref="ActorSystem"/>, read once at creation.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>The only source of time (scheduler, timers, ask timeouts, restart windows). Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where failures, dead letters and lifecycle problems are logged. Default: none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>User messages an actor processes per turn before yielding its thread (fairness vs. throughput). Default 30.</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>The strategy of the <c>/user</c> guardian for top-level actors. Default: <see cref="SupervisorStrategy.Default"/>.</summary>
    public SupervisorStrategy? GuardianSupervisorStrategy { get; init; }
}
