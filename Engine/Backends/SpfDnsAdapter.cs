using System.Net;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;
using Sift.Protocols.Spf;

namespace Sift.Engine.Backends;

/// <summary>
/// SPF's and DMARC's view of the DNS client (see docs/protocols.md, "What the DNS adapter must
/// do"): TXT character-strings joined without separators, NXDOMAIN kept apart from an empty
/// NOERROR, PTR names built here, a name the client cannot encode answered as NXDOMAIN (the
/// mechanism simply does not match), SERVFAIL/REFUSED as ServFail, no answer in time as Timeout,
/// anything else unusable as Error. With a <see cref="DnsRequestBudget"/>, each lookup takes one
/// request; a spent budget answers Error (SPF temperror).
/// </summary>
public sealed class SpfDnsAdapter : ISpfDnsResolver
{
    private readonly DnsClient _client;
    private static readonly AsyncLocal<DnsRequestBudget?> Ambient = new();
    private readonly DnsRequestBudget? _budget;

    /// <summary>An adapter over <paramref name="client"/>, optionally counting against <paramref name="budget"/>.</summary>
    public SpfDnsAdapter(DnsClient client, DnsRequestBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _budget = budget;
    }

    /// <summary>
    /// Makes <paramref name="budget"/> the budget of lookups made by adapters without one of their
    /// own, for the rest of the calling async method (an evaluator shared by every message keeps
    /// its parsed-record cache while each evaluation counts against its own message).
    /// </summary>
    public static void UseBudget(DnsRequestBudget? budget) => Ambient.Value = budget;

    /// <inheritdoc />
    public async ValueTask<DnsAnswer<string>> LookupTxtAsync(string name, CancellationToken cancellationToken)
    {
        var r = await QueryAsync(name, DnsRecordType.TXT, cancellationToken).ConfigureAwait(false);
        return r.Status != DnsLookupStatus.NoError ? DnsAnswer<string>.Empty(r.Status)
            : DnsAnswer<string>.Of(r.Result!.Records<TxtRecord>().Select(t => t.Text).ToArray());
    }

    /// <inheritdoc />
    public ValueTask<DnsAnswer<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken) =>
        AddressesAsync(name, DnsRecordType.A, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsAnswer<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken) =>
        AddressesAsync(name, DnsRecordType.AAAA, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<DnsAnswer<string>> LookupMxAsync(string name, CancellationToken cancellationToken)
    {
        var r = await QueryAsync(name, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
        return r.Status != DnsLookupStatus.NoError ? DnsAnswer<string>.Empty(r.Status)
            : DnsAnswer<string>.Of(r.Result!.Records<MxRecord>().Select(m => m.Exchange).ToArray());
    }

    /// <inheritdoc />
    public async ValueTask<DnsAnswer<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var r = await QueryAsync(ReverseName.ForPtr(address), DnsRecordType.PTR, cancellationToken).ConfigureAwait(false);
        return r.Status != DnsLookupStatus.NoError ? DnsAnswer<string>.Empty(r.Status)
            : DnsAnswer<string>.Of(r.Result!.Records<PtrRecord>().Select(p => p.Target).ToArray());
    }

    private async ValueTask<DnsAnswer<IPAddress>> AddressesAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var r = await QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
        if (r.Status != DnsLookupStatus.NoError)
        {
            return DnsAnswer<IPAddress>.Empty(r.Status);
        }
        var addresses = new List<IPAddress>();
        foreach (var record in r.Result!.Answers)
        {
            if (record is ARecord a && type == DnsRecordType.A) addresses.Add(a.Address);
            else if (record is AaaaRecord q && type == DnsRecordType.AAAA) addresses.Add(q.Address);
        }
        return DnsAnswer<IPAddress>.Of(addresses);
    }

    private async ValueTask<(DnsLookupStatus Status, DnsResult? Result)> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        if ((_budget ?? Ambient.Value) is { } budget && !budget.TryTake())
        {
            return (DnsLookupStatus.Error, null);
        }
        var result = await _client.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
        return (StatusOf(result), result);
    }

    /// <summary>How SPF and DMARC see a DNS result.</summary>
    public static DnsLookupStatus StatusOf(DnsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            DnsQueryStatus.InvalidName => DnsLookupStatus.NXDomain,
            DnsQueryStatus.TimedOut => DnsLookupStatus.Timeout,
            DnsQueryStatus.Answered => result.ResponseCode switch
            {
                DnsResponseCode.NoError => DnsLookupStatus.NoError,
                DnsResponseCode.NXDomain => DnsLookupStatus.NXDomain,
                DnsResponseCode.ServFail or DnsResponseCode.Refused => DnsLookupStatus.ServFail,
                _ => DnsLookupStatus.Error,
            },
            _ => DnsLookupStatus.Error,
        };
    }
}
