using System.Collections.Concurrent;
using System.Net;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Fakes;

/// <summary>
/// An in-memory DNS zone for SPF and DMARC unit tests: the evaluators' logic is exercised on
/// demand (server failures, timeouts, hundreds of names) without a server. A name with any
/// record exists (NoError, empty for other types); any other name is NXDOMAIN unless marked.
/// Every query is logged so tests can assert what was (not) looked up.
/// </summary>
public sealed class InMemorySpfResolver : ISpfDnsResolver
{
    private readonly Dictionary<(string Name, string Type), List<object>> _records = new();
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DnsLookupStatus> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _log = new();

    /// <summary>Every query so far, as "TYPE name".</summary>
    public IReadOnlyCollection<string> Log => _log;

    /// <summary>Number of queries so far.</summary>
    public int Queries => _log.Count;

    public InMemorySpfResolver Txt(string name, params string[] records) => Add(name, "TXT", records);

    public InMemorySpfResolver A(string name, params string[] addresses)
        => Add(name, "A", addresses.Select(a => (object)IPAddress.Parse(a)));

    public InMemorySpfResolver Aaaa(string name, params string[] addresses)
        => Add(name, "AAAA", addresses.Select(a => (object)IPAddress.Parse(a)));

    public InMemorySpfResolver Mx(string name, params string[] exchanges) => Add(name, "MX", exchanges);

    public InMemorySpfResolver Ptr(string address, params string[] names) => Add(IPAddress.Parse(address).ToString(), "PTR", names);

    /// <summary>Every lookup of <paramref name="name"/> (any type) ends with <paramref name="status"/>.</summary>
    public InMemorySpfResolver Failing(string name, DnsLookupStatus status)
    {
        _failures[Key(name)] = status;
        return this;
    }

    /// <summary>Makes a name exist with no records (NODATA for every type).</summary>
    public InMemorySpfResolver Exists(string name)
    {
        _names.Add(Key(name));
        return this;
    }

    private InMemorySpfResolver Add(string name, string type, IEnumerable<object> values)
    {
        var key = (Key(name), type);
        if (!_records.TryGetValue(key, out var list))
        {
            _records[key] = list = new List<object>();
        }
        list.AddRange(values);
        _names.Add(Key(name));
        return this;
    }

    private static string Key(string name) => name.TrimEnd('.').ToLowerInvariant();

    private ValueTask<DnsAnswer<T>> Answer<T>(string name, string type, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        var key = Key(name);
        _log.Enqueue(type + " " + key);
        if (_failures.TryGetValue(key, out var failure))
        {
            return ValueTask.FromResult(DnsAnswer<T>.Empty(failure));
        }
        if (_records.TryGetValue((key, type), out var list))
        {
            return ValueTask.FromResult(DnsAnswer<T>.Of(list.Cast<T>().ToArray()));
        }
        return ValueTask.FromResult(DnsAnswer<T>.Empty(_names.Contains(key) ? DnsLookupStatus.NoError : DnsLookupStatus.NXDomain));
    }

    public ValueTask<DnsAnswer<string>> LookupTxtAsync(string name, CancellationToken cancellationToken)
        => Answer<string>(name, "TXT", cancellationToken);

    public ValueTask<DnsAnswer<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken)
        => Answer<IPAddress>(name, "A", cancellationToken);

    public ValueTask<DnsAnswer<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken)
        => Answer<IPAddress>(name, "AAAA", cancellationToken);

    public ValueTask<DnsAnswer<string>> LookupMxAsync(string name, CancellationToken cancellationToken)
        => Answer<string>(name, "MX", cancellationToken);

    public ValueTask<DnsAnswer<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken)
        => Answer<string>(address.ToString(), "PTR", cancellationToken);
}
