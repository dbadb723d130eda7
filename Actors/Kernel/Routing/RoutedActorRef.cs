using Microsoft.Extensions.Logging;

namespace Sift.Actors.Kernel.Routing;

/// <summary>
/// The reference of a pool. It is the router actor's own reference (so it can be watched,
/// stopped and supervised like any actor), but a Tell of an ordinary message is routed on the
/// caller's thread straight into a routee's mailbox, after acquiring an in-flight slot.
/// PoisonPill and Kill go to the router actor itself; <see cref="Broadcast"/> to every routee.
/// </summary>
internal sealed class RoutedActorRef(ActorCell cell, Pool pool) : LocalActorRef(cell)
{
    private readonly RoutingLogic _logic = pool.CreateLogic(cell.System);
    private readonly object _gate = new();
    private RouteeSlot[] _routees = [];

    public Pool Pool => pool;

    internal RouteeSlot[] Routees => Volatile.Read(ref _routees);

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = ActorRefs.Resolve(sender);
        switch (message)
        {
            case PoisonPill or Kill:
                Cell.SendMessage(message, from, null);
                return;
            case Broadcast broadcast:
                foreach (var routee in Routees)
                {
                    routee.Routee.Cell.SendMessage(broadcast.Message, from, null);
                }
                return;
        }
        var routees = Routees;
        if (routees.Length == 0)
        {
            Cell.System.PublishDeadLetter(message, from, this);
            return;
        }
        if (!_logic.CanRoute(message))
        {
            KernelLog.NoHashKey(Cell.System.Log, Path, message.GetType().Name);
            Cell.System.PublishDeadLetter(message, from, this);
            return;
        }
        var slot = _logic.Select(message, routees);
        if (slot is null)
        {
            Cell.System.RejectOverloaded(message, from, this, OverloadReason.PoolInFlightLimit, pool.MaxInFlightPerRoutee);
            return;
        }
        slot.Routee.Cell.SendMessage(message, from, slot);
    }

    /// <summary>Creates the routees as children of the router cell, before the router starts,
    /// so the pool routes from the moment ActorOf returns.</summary>
    internal void CreateRoutees(Props routeeProps)
    {
        var slots = new RouteeSlot[pool.NrOfInstances];
        for (var i = 0; i < slots.Length; i++)
        {
            var routee = (LocalActorRef)Cell.ActorOf(routeeProps);
            slots[i] = new RouteeSlot(routee, pool.MaxInFlightPerRoutee);
        }
        Volatile.Write(ref _routees, slots);
    }

    /// <summary>A routee stopped: route around it. Returns the number of routees left.</summary>
    internal int RemoveRoutee(IActorRef routee)
    {
        lock (_gate)
        {
            var next = Array.FindAll(_routees, s => !ReferenceEquals(s.Routee, routee));
            Volatile.Write(ref _routees, next);
            return next.Length;
        }
    }
}

/// <summary>The actor behind a pool: supervises the routees (with the pool's strategy), drops
/// those that stop and stops itself when none is left.</summary>
internal sealed class PoolRouterActor : ActorBase
{
    public PoolRouterActor()
    {
        Receive<Terminated>(t =>
        {
            if (((RoutedActorRef)Self).RemoveRoutee(t.ActorRef) == 0)
            {
                Context.Stop(Self);
            }
        });
    }

    protected override void PreStart()
    {
        foreach (var routee in ((RoutedActorRef)Self).Routees)
        {
            Context.Watch(routee.Routee);
        }
    }

    protected override void PreRestart(Exception reason, object? message)
    {
        // The routees survive a failure of the router itself.
    }

    protected override SupervisorStrategy? SupervisorStrategy() => ((RoutedActorRef)Self).Pool.SupervisorStrategy;
}
