namespace Sift.Actors.Kernel.Routing;

/// <summary>
/// A pool router: <see cref="NrOfInstances"/> routees created from the same props, supervised by
/// the pool, behind one reference. Telling the pool's reference routes directly to a routee
/// (no hop through the router's mailbox). A routee holds a message "in flight" from delivery
/// until its handler returns, or, if the handler called <see cref="IActorContext.KeepInFlight"/>,
/// until that lease is disposed (PipeTo does it when the async work completes). A routee never
/// has more than <see cref="MaxInFlightPerRoutee"/> in flight; a message no routee can take is
/// refused at once: the sender gets <see cref="Overloaded"/> with <see cref="OverloadReason.PoolInFlightLimit"/>
/// and a <see cref="DeadLetter"/> is published. <see cref="Broadcast"/> goes to every routee,
/// outside the bound. The pool stops when its last routee has stopped.
/// </summary>
public abstract class Pool
{
    private protected Pool(int nrOfInstances, int maxInFlightPerRoutee, SupervisorStrategy? supervisorStrategy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nrOfInstances);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInFlightPerRoutee);
        NrOfInstances = nrOfInstances;
        MaxInFlightPerRoutee = maxInFlightPerRoutee;
        SupervisorStrategy = supervisorStrategy;
    }

    /// <summary>How many routees the pool creates.</summary>
    public int NrOfInstances { get; }

    /// <summary>Messages one routee may hold in flight (queued, being handled, or leased for async work).</summary>
    public int MaxInFlightPerRoutee { get; }

    /// <summary>How the pool supervises its routees; null: <see cref="Kernel.SupervisorStrategy.Default"/> (restart).</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    internal abstract RoutingLogic CreateLogic(ActorSystem system);
}

/// <summary>Routees in turn; a full routee is skipped for the next one with room.</summary>
/// <param name="nrOfInstances">Routees to create.</param>
/// <param name="maxInFlightPerRoutee">In-flight bound per routee.</param>
/// <param name="supervisorStrategy">Strategy for the routees; null restarts them.</param>
public sealed class RoundRobinPool(int nrOfInstances, int maxInFlightPerRoutee = 1000, SupervisorStrategy? supervisorStrategy = null)
    : Pool(nrOfInstances, maxInFlightPerRoutee, supervisorStrategy)
{
    internal override RoutingLogic CreateLogic(ActorSystem system) => new RoundRobinLogic();
}

/// <summary>The routee with the fewest messages in flight (queued, in its handler, or leased).</summary>
/// <param name="nrOfInstances">Routees to create.</param>
/// <param name="maxInFlightPerRoutee">In-flight bound per routee.</param>
/// <param name="supervisorStrategy">Strategy for the routees; null restarts them.</param>
public sealed class SmallestMailboxPool(int nrOfInstances, int maxInFlightPerRoutee = 1000, SupervisorStrategy? supervisorStrategy = null)
    : Pool(nrOfInstances, maxInFlightPerRoutee, supervisorStrategy)
{
    internal override RoutingLogic CreateLogic(ActorSystem system) => new SmallestMailboxLogic();
}

/// <summary>
/// The same key always reaches the same routee (while the routees do not change), on a hash
/// ring with virtual nodes so that losing a routee moves only its keys. The key is
/// <see cref="IConsistentHashable.ConsistentHashKey"/> or <paramref name="hashMapping"/>'s result;
/// a message without key is dropped to dead letters with a warning. A full routee refuses
/// (the message is not sent elsewhere: the mapping is the point).
/// </summary>
/// <param name="nrOfInstances">Routees to create.</param>
/// <param name="hashMapping">Gives a message's key when it does not implement <see cref="IConsistentHashable"/>.</param>
/// <param name="maxInFlightPerRoutee">In-flight bound per routee.</param>
/// <param name="supervisorStrategy">Strategy for the routees; null restarts them.</param>
public sealed class ConsistentHashPool(
    int nrOfInstances,
    Func<object, object?>? hashMapping = null,
    int maxInFlightPerRoutee = 1000,
    SupervisorStrategy? supervisorStrategy = null)
    : Pool(nrOfInstances, maxInFlightPerRoutee, supervisorStrategy)
{
    /// <summary>Points on the ring per routee.</summary>
    public const int VirtualNodesPerRoutee = 16;

    internal override RoutingLogic CreateLogic(ActorSystem system) => new ConsistentHashLogic(hashMapping);
}

/// <summary>A message that names its consistent-hash key.</summary>
public interface IConsistentHashable
{
    /// <summary>The key; equal keys go to the same routee.</summary>
    object ConsistentHashKey { get; }
}

/// <summary>Told to a pool, delivers <paramref name="Message"/> to every routee (outside the in-flight bound).</summary>
/// <param name="Message">The message for every routee.</param>
public sealed record Broadcast(object Message);
