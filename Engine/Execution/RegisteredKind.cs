using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;

namespace Sift.Engine.Execution;

/// <summary>
/// A registered kind: its pool and, when its checks run inline (<see cref="CheckKind.RunInline"/>),
/// the executor and the engine-wide count of its inline checks in flight, bounded by
/// <see cref="CheckKind.InlineLimit"/> as the pool bounds its routees. As an <see cref="IDisposable"/>
/// it is the lease of one inline place (see <see cref="CheckCompletion.TellWhenDone"/>).
/// </summary>
internal sealed class RegisteredKind : IDisposable
{
    private int _inFlight;

    public RegisteredKind(CheckKind kind, IActorRef pool)
    {
        Kind = kind;
        Pool = pool;
        Executor = kind.Inline ? kind.Executor : null;
        Limit = kind.InlineLimit;
    }

    public CheckKind Kind { get; }

    public IActorRef Pool { get; }

    /// <summary>The executor called on the caller's thread; null when the kind goes through its pool.</summary>
    public CheckExecutor? Executor { get; }

    /// <summary>Inline checks of this kind in flight at once, engine-wide.</summary>
    public int Limit { get; }

    /// <summary>Inline checks in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a place for an inline check; false (nothing taken) when all are taken.</summary>
    public bool TryEnter() => TryEnter(1) == 1;

    /// <summary>Takes up to <paramref name="wanted"/> places at once (one atomic operation for a batch's
    /// checks of this kind); returns how many were taken, 0 when all are taken.</summary>
    public int TryEnter(int wanted)
    {
        var current = Volatile.Read(ref _inFlight);
        while (current < Limit)
        {
            var granted = Math.Min(wanted, Limit - current);
            var seen = Interlocked.CompareExchange(ref _inFlight, current + granted, current);
            if (seen == current)
            {
                return granted;
            }
            current = seen;
        }
        return 0;
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter()"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Gives back <paramref name="places"/> places at once.</summary>
    public void Exit(int places)
    {
        if (places > 0)
        {
            Interlocked.Add(ref _inFlight, -places);
        }
    }

    /// <summary>The kind is its own in-flight lease (no object per check): disposing gives one place back.</summary>
    void IDisposable.Dispose() => Exit();
}
