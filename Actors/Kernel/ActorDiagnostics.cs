using Sift.Actors.Kernel.Routing;

namespace Sift.Actors.Kernel;

/// <summary>Racy snapshots of kernel state for monitoring and tests.</summary>
public static class ActorDiagnostics
{
    /// <summary>User messages waiting in the actor's mailbox (0 for references that are not local actors).</summary>
    public static int QueuedMessages(IActorRef actor) => actor is LocalActorRef local ? local.Cell.Mailbox.Count : 0;

    /// <summary>Messages in flight per routee of a pool, in routee order (empty for an actor that is not a pool).</summary>
    public static IReadOnlyList<int> PoolInFlight(IActorRef pool) =>
        pool is RoutedActorRef routed ? [.. routed.Routees.Select(r => r.InFlight)] : [];

    /// <summary>The routees of a pool currently routed to.</summary>
    public static IReadOnlyList<IActorRef> PoolRoutees(IActorRef pool) =>
        pool is RoutedActorRef routed ? [.. routed.Routees.Select(r => r.Routee)] : [];
}
