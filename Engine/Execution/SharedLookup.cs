using Sift.Actors.Checks;
using Sift.Actors.Kernel;

namespace Sift.Engine.Execution;

/// <summary>
/// One mergeable lookup in flight and the checks waiting for it, from any batch. It is the
/// reply address of the <see cref="CheckRequest"/>: the first reply (a <see cref="CheckReply"/>,
/// or <see cref="Overloaded"/> from a full pool) is handed to every waiter. When the last waiter
/// leaves before the answer, the lookup's token is cancelled so the backend stops working for nobody.
/// </summary>
internal sealed class SharedLookup : IActorRef
{
    private readonly LookupTable _table;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<(IActorRef Batch, int Index)> _waiters = new(2);
    private bool _done;

    public SharedLookup(string kind, object key, LookupTable table, IActorRef batch, int index)
    {
        Kind = kind;
        Key = key;
        _table = table;
        _waiters.Add((batch, index));
    }

    public string Kind { get; }

    /// <summary>The merge key.</summary>
    public object Key { get; }

    public CancellationToken Token => _cancellation.Token;

    public string Path => $"sift://lookup/{Kind}";

    /// <summary>Adds a waiter; false when the lookup has already ended (start a new one).</summary>
    public bool TryJoin(IActorRef batch, int index)
    {
        lock (_waiters)
        {
            if (_done)
            {
                return false;
            }
            _waiters.Add((batch, index));
            return true;
        }
    }

    /// <summary>Withdraws a waiter (its batch ended or its deadline passed); the last one cancels the lookup.</summary>
    public void Leave(IActorRef batch, int index)
    {
        lock (_waiters)
        {
            if (_done || !_waiters.Remove((batch, index)) || _waiters.Count > 0)
            {
                return;
            }
            _done = true;
        }
        _table.Remove(this);
        _ = _cancellation.CancelAsync();
    }

    /// <summary>The reply: delivered once to every waiter.</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        (IActorRef Batch, int Index)[] waiters;
        lock (_waiters)
        {
            if (_done)
            {
                return;
            }
            _done = true;
            waiters = [.. _waiters];
        }
        _table.Remove(this);
        foreach (var (batch, index) in waiters)
        {
            batch.Tell(new LookupCompleted(index, message, waiters.Length), ActorRefs.NoSender);
        }
    }

    public override string ToString() => $"[{Path} {Key}]";
}

/// <summary>A shared lookup's outcome, for one waiting check.</summary>
/// <param name="Index">The check's index in its batch.</param>
/// <param name="Outcome">A <see cref="CheckReply"/> or an <see cref="Overloaded"/>.</param>
/// <param name="Waiters">How many checks shared the lookup.</param>
internal sealed record LookupCompleted(int Index, object Outcome, int Waiters);
