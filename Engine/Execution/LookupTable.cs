using Sift.Actors.Kernel;

namespace Sift.Engine.Execution;

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
    /// (<paramref name="isNew"/>: the caller sends the request).</summary>
    public SharedLookup Join(string kind, object key, IActorRef batch, int index, out bool isNew)
    {
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
            if (_inFlight.TryGetValue((lookup.Kind, lookup.Key), out var current) && ReferenceEquals(current, lookup))
            {
                _inFlight.Remove((lookup.Kind, lookup.Key));
            }
        }
    }
}
