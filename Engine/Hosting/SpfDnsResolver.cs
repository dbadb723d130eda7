using System.Net;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;
using Sift.Protocols.Spf;

namespace Sift.Engine.Hosting;

/// <summary>The lookups SPF and DMARC need, answered by Sift's <see cref="DnsClient"/>.</summary>
internal sealed class SpfDnsResolver(DnsClient client) : ISpfDnsResolver
{
    public async ValueTask<DnsAnswer<string>> LookupTxtAsync(string name, CancellationToken cancellationToken) =>
        Map(await client.QueryAsync(name, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false),
            static r => r.Records<TxtRecord>().Select(t => t.Text));

    public async ValueTask<DnsAnswer<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken) =>
        Map(await client.QueryAsync(name, DnsRecordType.A, cancellationToken).ConfigureAwait(false),
            static r => r.Records<ARecord>().Select(a => a.Address));

    public async ValueTask<DnsAnswer<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken) =>
        Map(await client.QueryAsync(name, DnsRecordType.AAAA, cancellationToken).ConfigureAwait(false),
            static r => r.Records<AaaaRecord>().Select(a => a.Address));

    public async ValueTask<DnsAnswer<string>> LookupMxAsync(string name, CancellationToken cancellationToken) =>
        Map(await client.QueryAsync(name, DnsRecordType.MX, cancellationToken).ConfigureAwait(false),
            static r => r.Records<MxRecord>().Select(m => m.Exchange));

    public async ValueTask<DnsAnswer<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken) =>
        Map(await client.QueryAsync(ReverseName.ForPtr(address), DnsRecordType.PTR, cancellationToken).ConfigureAwait(false),
            static r => r.Records<PtrRecord>().Select(p => p.Target));

    private static DnsAnswer<T> Map<T>(DnsResult result, Func<DnsResult, IEnumerable<T>> records) => result.Status switch
    {
        DnsQueryStatus.Answered => result.ResponseCode switch
        {
            DnsResponseCode.NoError => DnsAnswer<T>.Of(records(result).ToArray()),
            DnsResponseCode.NXDomain => DnsAnswer<T>.Empty(DnsLookupStatus.NXDomain),
            DnsResponseCode.ServFail => DnsAnswer<T>.Empty(DnsLookupStatus.ServFail),
            _ => DnsAnswer<T>.Empty(DnsLookupStatus.Error),
        },
        DnsQueryStatus.TimedOut => DnsAnswer<T>.Empty(DnsLookupStatus.Timeout),
        DnsQueryStatus.InvalidName => DnsAnswer<T>.Empty(DnsLookupStatus.NXDomain),
        _ => DnsAnswer<T>.Empty(DnsLookupStatus.Error),
    };
}
