namespace Sift.Protocols.Dns;

/// <summary>
/// A bounded TTL cache of lookup results, least recently used out first. Positive answers live
/// for their smallest TTL; NXDOMAIN/NODATA for min(SOA TTL, SOA minimum) (RFC 2308 §5) and are
/// not cached without an SOA; failures are never cached. One lock; no callbacks under it.
/// </summary>
internal sealed class DnsCache(int capacity, TimeSpan maxTtl, TimeSpan maxNegativeTtl, TimeProvider time)
{
    private readonly record struct Key(string Name, DnsRecordType Type);

    private sealed record Entry(Key Key, DnsResult Result, long ExpiresAt);

    private readonly Dictionary<Key, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();

    public int Count { get { lock (_lock) return _map.Count; } }

    public bool TryGet(string name, DnsRecordType type, out DnsResult result)
    {
        result = null!;
        if (capacity <= 0) return false;
        long now = time.GetTimestamp();
        lock (_lock)
        {
            if (!_map.TryGetValue(new Key(name, type), out var node)) return false;
            if (node.Value.ExpiresAt <= now)
            {
                _map.Remove(node.Value.Key);
                _lru.Remove(node);
                return false;
            }
            _lru.Remove(node);
            _lru.AddFirst(node);
            result = node.Value.Result;
            return true;
        }
    }

    public void Store(string name, DnsRecordType type, DnsResult result)
    {
        if (capacity <= 0) return;
        var ttl = TtlOf(result);
        if (ttl <= TimeSpan.Zero) return;
        var key = new Key(name, type);
        var entry = new Entry(key, result, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency));
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var old))
            {
                _lru.Remove(old);
                _map.Remove(key);
            }
            while (_map.Count >= capacity && _lru.Last is { } last)
            {
                _map.Remove(last.Value.Key);
                _lru.RemoveLast();
            }
            _map[key] = _lru.AddFirst(entry);
        }
    }

    /// <summary>How long <paramref name="r"/> may be cached; zero when it must not be.</summary>
    internal TimeSpan TtlOf(DnsResult r)
    {
        if (r.Status != DnsQueryStatus.Answered) return TimeSpan.Zero;
        if (r.ResponseCode == DnsResponseCode.NoError && r.Answers.Count > 0 && r.Answers.Any(a => a.Type == r.Question.Type))
        {
            uint min = r.Answers.Min(a => a.Ttl);
            return Min(TimeSpan.FromSeconds(min), maxTtl);
        }
        if (r.ResponseCode is DnsResponseCode.NXDomain or DnsResponseCode.NoError && r.AuthoritySoa is { } soa)
        {
            return Min(TimeSpan.FromSeconds(Math.Min(soa.Ttl, soa.Minimum)), maxNegativeTtl);
        }
        return TimeSpan.Zero;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
