using System.Net;
using Sift.Protocols.Spf;

namespace Sift.Benchmarks.Spf;

/// <summary>
/// A resolver over fixed answers built once, so that a lookup costs one dictionary probe and
/// no allocation: what remains in the benchmark is the evaluator's own work.
/// </summary>
internal sealed class StaticSpfResolver : ISpfDnsResolver
{
    private static readonly DnsAnswer<string> NoName = DnsAnswer<string>.Empty(DnsLookupStatus.NXDomain);
    private static readonly DnsAnswer<IPAddress> NoAddress = DnsAnswer<IPAddress>.Empty(DnsLookupStatus.NXDomain);

    private readonly Dictionary<string, DnsAnswer<string>> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DnsAnswer<IPAddress>> _a = new(StringComparer.OrdinalIgnoreCase);

    public StaticSpfResolver Txt(string name, string text)
    {
        _txt[name] = DnsAnswer<string>.Of([text]);
        return this;
    }

    public StaticSpfResolver A(string name, string address)
    {
        _a[name] = DnsAnswer<IPAddress>.Of([IPAddress.Parse(address)]);
        return this;
    }

    public ValueTask<DnsAnswer<string>> LookupTxtAsync(string name, CancellationToken cancellationToken)
        => ValueTask.FromResult(_txt.GetValueOrDefault(name, NoName));

    public ValueTask<DnsAnswer<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken)
        => ValueTask.FromResult(_a.GetValueOrDefault(name, NoAddress));

    public ValueTask<DnsAnswer<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken)
        => ValueTask.FromResult(NoAddress);

    public ValueTask<DnsAnswer<string>> LookupMxAsync(string name, CancellationToken cancellationToken)
        => ValueTask.FromResult(NoName);

    public ValueTask<DnsAnswer<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken)
        => ValueTask.FromResult(NoName);
}
