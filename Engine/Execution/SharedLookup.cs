using Sift.Actors.Checks;
using Sift.Actors.Kernel;

namespace Sift.Engine.Execution;

/// <summary>
/// One lookup in flight and the batches waiting for it. It is the reply address of the
/// <see cref="CheckRequest"/>: the first reply (a <see cref="CheckReply"/>, or
/// <see cref="Overloaded"/> from a full pool) is handed to every waiter. When the last waiter
/// leaves before the answer, the lookup's token is cancelled so the backend stops working for nobody.
/// </summary>
internal sealed class SharedLookup : IActorRef
{
    private readonly LookupTable? _table;
    private readonly CancellationTokenSource _cancellation = new();
    private (IActorRef Batch, int Index) _first;
    private List<(IActorRef Batch, int Index)>? _more;
    private int _waiters;
    private bool _done;

    public SharedLookup(string kind, object? key, LookupTable? table, IActorRef batch, int index)
    {
        Kind = kind;
        Key = key;
        _table = table;
        _first = (batch, index);
        _waiters = 1;
    }

    public string Kind { get; }

    /// <summary>The merge key; null when the lookup is not shared.</summary>
    public object? Key { get; }

    public CancellationToken Token => _cancellation.Token;

    public string Path => $"sift://lookup/{Kind}";

    /// <summary>Adds a waiter; false when the lookup has already ended (start a new one).</summary>
    public bool TryJoin(IActorRef batch, int index)
    {
        lock (this)
        {
            if (_done)
            {
                return false;
            }
            (_more ??= []).Add((batch, index));
            _waiters++;
            return true;
        }
    }

    /// <summary>Withdraws a waiter (its batch ended or its deadline passed); the last one cancels the lookup.</summary>
    public void Leave(IActorRef batch, int index)
    {
        lock (this)
        {
            if (_done || !Remove(batch, index))
            {
                return;
            }
            if (--_waiters > 0)
            {
                return;
            }
            _done = true;
        }
        _table?.Remove(this);
        _cancellation.Cancel();
    }

    /// <summary>The reply: delivered once to every waiter.</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        (IActorRef Batch, int Index) first;
        List<(IActorRef Batch, int Index)>? more;
        int waiters;
        lock (this)
        {
            if (_done)
            {
                return;
            }
            _done = true;
            first = _first;
            more = _more;
            waiters = _waiters;
        }
        _table?.Remove(this);
        if (first.Batch is not null)
        {
            first.Batch.Tell(new LookupCompleted(first.Index, message, waiters), ActorRefs.NoSender);
        }
        if (more is not null)
        {
            foreach (var (batch, index) in more)
            {
                batch.Tell(new LookupCompleted(index, message, waiters), ActorRefs.NoSender);
            }
        }
    }

    public override string ToString() => $"[{Path} {Key}]";

    private bool Remove(IActorRef batch, int index)
    {
        if (ReferenceEquals(_first.Batch, batch) && _first.Index == index)
        {
            _first = default;
            return true;
        }
        return _more?.Remove((batch, index)) == true;
    }
}

/// <summary>A lookup's outcome, for one waiting batch.</summary>
/// <param name="Index">The check's index in the batch.</param>
/// <param name="Outcome">A <see cref="CheckReply"/> or an <see cref="Overloaded"/>.</param>
/// <param name="Waiters">How many checks shared the lookup.</param>
internal sealed record LookupCompleted(int Index, object Outcome, int Waiters);

/// <summary>The mergeable lookups in flight, engine-wide, by kind and merge key.</summary>
internal sealed class LookupTable
{
    private readonly Dictionary<(string Kind, object Key), SharedLookup> _inFlight = [];

    /// <summary>Lookups in flight.</summary>
    public int Count
    {
        get
        {
            lock (_inFlight)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>Joins the lookup in flight for (<paramref name="kind"/>, <paramref name="key"/>), or starts one
    /// (<paramref name="isNew"/>: the caller sends the request). A null key never merges.</summary>
    public SharedLookup Join(string kind, object? key, IActorRef batch, int index, out bool isNew)
    {
        if (key is null)
        {
            isNew = true;
            return new SharedLookup(kind, null, null, batch, index);
        }
        lock (_inFlight)
        {
            if (_inFlight.TryGetValue((kind, key), out var existing) && existing.TryJoin(batch, index))
            {
                isNew = false;
                return existing;
            }
            var lookup = new SharedLookup(kind, key, this, batch, index);
            _inFlight[(kind, key)] = lookup;
            isNew = true;
            return lookup;
        }
    }

    /// <summary>Forgets an ended lookup (if it is still the one registered under its key).</summary>
    public void Remove(SharedLookup lookup)
    {
        lock (_inFlight)
        {
            if (_inFlight.TryGetValue((lookup.Kind, lookup.Key!), out var current) && ReferenceEquals(current, lookup))
            {
                _inFlight.Remove((lookup.Kind, lookup.Key!));
            }
        }
    }
}
