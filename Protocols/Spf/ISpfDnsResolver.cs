using System.Net;

namespace Sift.Protocols.Spf;

/// <summary>
/// The DNS lookups SPF evaluation needs, injected so that the evaluator knows nothing of the
/// wire: the engine adapts its DNS client to this interface, tests give an in-memory zone.
/// Expected negatives (NXDOMAIN, no data, a timeout) are values of <see cref="DnsLookupStatus"/>,
/// never exceptions; only cancellation throws.
/// </summary>
public interface ISpfDnsResolver : ITxtResolver
{
    /// <summary>A records of <paramref name="name"/>.</summary>
    ValueTask<DnsAnswer<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken);

    /// <summary>AAAA records of <paramref name="name"/>.</summary>
    ValueTask<DnsAnswer<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken);

    /// <summary>MX records of <paramref name="name"/>: the exchange names (the preference does not matter to SPF).</summary>
    ValueTask<DnsAnswer<string>> LookupMxAsync(string name, CancellationToken cancellationToken);

    /// <summary>PTR records for <paramref name="address"/> (the resolver builds the in-addr.arpa / ip6.arpa name).</summary>
    ValueTask<DnsAnswer<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken);
}

/// <summary>The one lookup DMARC discovery needs; SPF resolvers provide it too.</summary>
public interface ITxtResolver
{
    /// <summary>
    /// TXT records of <paramref name="name"/>; each record's character-strings already
    /// concatenated without separators (RFC 7208 §3.3, RFC 7489 §6.6.3).
    /// </summary>
    ValueTask<DnsAnswer<string>> LookupTxtAsync(string name, CancellationToken cancellationToken);
}

/// <summary>How a lookup ended, reduced to what SPF and DMARC distinguish.</summary>
public enum DnsLookupStatus
{
    /// <summary>RCODE 0; the records may be empty (no data of that type).</summary>
    NoError,
    /// <summary>RCODE 3: the name does not exist.</summary>
    NXDomain,
    /// <summary>RCODE 2 or another server-side failure.</summary>
    ServFail,
    /// <summary>No answer in time.</summary>
    Timeout,
    /// <summary>Anything else unusable (a malformed answer, a refused query).</summary>
    Error,
}

/// <summary>The outcome of one lookup: a status and, for <see cref="DnsLookupStatus.NoError"/>, the records.</summary>
/// <typeparam name="T">The record data: an address, a name or a TXT string.</typeparam>
public readonly record struct DnsAnswer<T>(DnsLookupStatus Status, IReadOnlyList<T> Records)
{
    /// <summary>True for NXDOMAIN or an empty NoError answer: a "void lookup" in RFC 7208 §4.6.4 terms.</summary>
    public bool IsVoid => Status == DnsLookupStatus.NXDomain || (Status == DnsLookupStatus.NoError && Records.Count == 0);

    /// <summary>True when the server failed, timed out or answered garbage (SPF's temperror).</summary>
    public bool IsFailure => Status is DnsLookupStatus.ServFail or DnsLookupStatus.Timeout or DnsLookupStatus.Error;

    /// <summary>A successful answer.</summary>
    public static DnsAnswer<T> Of(IReadOnlyList<T> records) => new(DnsLookupStatus.NoError, records);

    /// <summary>An answer with no records and the given status.</summary>
    public static DnsAnswer<T> Empty(DnsLookupStatus status) => new(status, Array.Empty<T>());
}
