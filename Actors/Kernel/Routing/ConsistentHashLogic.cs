namespace Sift.Actors.Kernel.Routing;

/// <summary>A hash ring over the current routees, rebuilt when the routee array changes.</summary>
internal sealed class ConsistentHashLogic(Func<object, object?>? hashMapping) : RoutingLogic
{
    private Ring? _ring;

    public override bool CanRoute(object message) => KeyOf(message, hashMapping) is not null;

    public override RouteeSlot? Select(object message, RouteeSlot[] routees)
    {
        var key = KeyOf(message, hashMapping);
        if (key is null || routees.Length == 0)
        {
            return null;
        }
        var ring = Volatile.Read(ref _ring);
        if (ring is null || !ReferenceEquals(ring.Routees, routees))
        {
            ring = new Ring(routees);
            Volatile.Write(ref _ring, ring);
        }
        var slot = ring.Lookup(Hash(key));
        return slot.TryAcquire() ? slot : null;
    }

    private static object? KeyOf(object message, Func<object, object?>? mapping) =>
        message is IConsistentHashable hashable ? hashable.ConsistentHashKey : mapping?.Invoke(message);

    private static uint Hash(object key) => key is string s ? Fnv(s) : Mix((uint)key.GetHashCode());

    /// <summary>FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static uint Fnv(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }
        return Mix(h);
    }

    /// <summary>Spreads nearby values over the ring (murmur3 finaliser).</summary>
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }

    private sealed class Ring
    {
        private readonly uint[] _points;
        private readonly RouteeSlot[] _owners;

        public Ring(RouteeSlot[] routees)
        {
            Routees = routees;
            var nodes = new List<(uint Point, RouteeSlot Owner)>(routees.Length * ConsistentHashPool.VirtualNodesPerRoutee);
            foreach (var slot in routees)
            {
                for (var v = 0; v < ConsistentHashPool.VirtualNodesPerRoutee; v++)
                {
                    nodes.Add((Fnv($"{slot.Routee.Cell.Name}#{v}"), slot));
                }
            }
            nodes.Sort(static (a, b) => a.Point.CompareTo(b.Point));
            _points = nodes.ConvertAll(n => n.Point).ToArray();
            _owners = nodes.ConvertAll(n => n.Owner).ToArray();
        }

        public RouteeSlot[] Routees { get; }

        public RouteeSlot Lookup(uint hash)
        {
            var i = Array.BinarySearch(_points, hash);
            if (i < 0)
            {
                i = ~i;
            }
            return _owners[i == _points.Length ? 0 : i];
        }
    }
}
