namespace Sift.Actors.Kernel.Routing;

/// <summary>Chooses a routee with room and acquires its slot; null when none can take the message.</summary>
internal abstract class RoutingLogic
{
    public abstract RouteeSlot? Select(object message, RouteeSlot[] routees);

    /// <summary>False when the logic cannot place this message at all (a consistent-hash message without key).</summary>
    public virtual bool CanRoute(object message) => true;
}

internal sealed class RoundRobinLogic : RoutingLogic
{
    private int _next = -1;

    public override RouteeSlot? Select(object message, RouteeSlot[] routees)
    {
        var start = (uint)Interlocked.Increment(ref _next);
        for (var i = 0; i < routees.Length; i++)
        {
            var slot = routees[(int)((start + (uint)i) % (uint)routees.Length)];
            if (slot.TryAcquire())
            {
                return slot;
            }
        }
        return null;
    }
}

internal sealed class SmallestMailboxLogic : RoutingLogic
{
    public override RouteeSlot? Select(object message, RouteeSlot[] routees)
    {
        // A concurrent sender may take the smallest first; a few retries, then pick any with room.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            RouteeSlot? best = null;
            var bestLoad = int.MaxValue;
            foreach (var slot in routees)
            {
                var load = slot.InFlight;
                if (load < bestLoad)
                {
                    best = slot;
                    bestLoad = load;
                    if (load == 0)
                    {
                        break;
                    }
                }
            }
            if (best is null)
            {
                return null;
            }
            if (best.TryAcquire())
            {
                return best;
            }
        }
        foreach (var slot in routees)
        {
            if (slot.TryAcquire())
            {
                return slot;
            }
        }
        return null;
    }
}
