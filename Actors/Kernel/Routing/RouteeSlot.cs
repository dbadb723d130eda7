using System.Diagnostics;

namespace Sift.Actors.Kernel.Routing;

/// <summary>A routee and its count of messages in flight, bounded by compare-and-swap.</summary>
internal sealed class RouteeSlot(LocalActorRef routee, int maxInFlight)
{
    private int _inFlight;

    public LocalActorRef Routee { get; } = routee;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current >= maxInFlight)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        var now = Interlocked.Decrement(ref _inFlight);
        Debug.Assert(now >= 0, "a routee slot released more often than acquired");
    }
}

/// <summary>
/// Keeps a pooled message counted as in flight after its handler returned; dispose it when the
/// asynchronous work ends (PipeTo takes one). Disposing twice releases once.
/// </summary>
public sealed class InFlightLease : IDisposable
{
    internal static readonly InFlightLease None = new(null);

    private RouteeSlot? _slot;

    internal InFlightLease(RouteeSlot? slot) => _slot = slot;

    /// <summary>Releases the routee's in-flight count.</summary>
    public void Dispose() => Interlocked.Exchange(ref _slot, null)?.Release();
}
