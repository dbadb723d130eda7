using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Dns.Lookups;

/// <summary>
/// The raw answer of a DNSBL, RHSBL or hash-BL lookup: the A records at the listing name and,
/// when there are any, the zone's TXT text. Interpretation (listed or not, error codes) is the
/// Engine's job; this only carries what the DNS said.
/// </summary>
/// <param name="Name">The name queried (key + zone).</param>
/// <param name="Status">How the A query ended.</param>
/// <param name="ResponseCode">The A query's response code.</param>
/// <param name="Addresses">The A records (listing codes) at <paramref name="Name"/>.</param>
/// <param name="Texts">The TXT records' text (each record's strings joined), empty when none or not asked.</param>
/// <param name="Error">Why the lookup failed, when it did.</param>
public sealed record BlocklistAnswer(string Name, DnsQueryStatus Status, DnsResponseCode ResponseCode, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<string> Texts, string? Error);

/// <summary>The lookups of DNS blocklists: IP (DNSBL), domain (RHSBL), hashed address (hash BL).</summary>
public static class BlocklistLookup
{
    /// <summary>
    /// DNSBL: the reversed IPv4 octets or IPv6 nibbles of <paramref name="address"/> under <paramref name="zone"/>,
    /// A then (when listed) TXT.
    /// </summary>
    public static ValueTask<BlocklistAnswer> DnsblAsync(DnsClient client, IPAddress address, string zone, CancellationToken ct = default) =>
        QueryAsync(client, DnsblName(address, zone), ct);

    /// <summary>RHSBL: <paramref name="domain"/> (IDNA-converted, lower case) under <paramref name="zone"/>.</summary>
    public static ValueTask<BlocklistAnswer> RhsblAsync(DnsClient client, string domain, string zone, CancellationToken ct = default)
    {
        if (RhsblName(domain, zone) is not { } name)
        {
            return ValueTask.FromResult(Invalid(domain + "." + zone, $"not a domain: '{domain}'"));
        }
        return QueryAsync(client, name, ct);
    }

    /// <summary>Hash BL: the hash of the normalised address (see <see cref="HashKey"/>) under <paramref name="zone"/>.</summary>
    public static ValueTask<BlocklistAnswer> HashblAsync(DnsClient client, string email, string zone, HashKind hash, CancellationToken ct = default) =>
        QueryAsync(client, HashblName(email, zone, hash), ct);

    /// <summary>The name a DNSBL lookup of <paramref name="address"/> asks.</summary>
    public static string DnsblName(IPAddress address, string zone) => ReverseName.InZone(address, zone);

    /// <summary>The name an RHSBL lookup of <paramref name="domain"/> asks; null when it is not a domain.</summary>
    public static string? RhsblName(string domain, string zone) =>
        Idna.TryToAscii(domain.Trim().TrimEnd('.'), out var ascii) ? ascii + "." + zone.Trim('.') : null;

    /// <summary>The name a hash-BL lookup of <paramref name="email"/> asks.</summary>
    public static string HashblName(string email, string zone, HashKind hash) => HashKey.For(email, hash) + "." + zone.Trim('.');

    /// <summary>Asks A at <paramref name="name"/>; when the answer has addresses, also asks TXT for the reason.</summary>
    public static async ValueTask<BlocklistAnswer> QueryAsync(DnsClient client, string name, CancellationToken ct = default)
    {
        var a = await client.QueryAsync(name, DnsRecordType.A, ct).ConfigureAwait(false);
        var addresses = AddressesOf(a);
        var texts = (IReadOnlyList<string>)[];
        if (Listed(a, addresses))
        {
            // The reason is a courtesy: its failure does not fail the lookup.
            var txt = await client.QueryAsync(name, DnsRecordType.TXT, ct).ConfigureAwait(false);
            texts = TextsOf(txt);
        }
        return AnswerOf(a, addresses, texts);
    }

    /// <summary>
    /// The answer <see cref="QueryAsync"/> would give, when the client's cache holds everything it
    /// would ask (the A records and, for a listing, the TXT records); false otherwise. Sends nothing.
    /// </summary>
    public static bool TryFromCache(DnsClient client, string name, [NotNullWhen(true)] out BlocklistAnswer? answer)
    {
        answer = null;
        if (!client.TryGetCached(name, DnsRecordType.A, out var a, countHit: false))
        {
            return false;
        }
        var addresses = AddressesOf(a);
        var texts = (IReadOnlyList<string>)[];
        if (Listed(a, addresses))
        {
            if (!client.TryGetCached(name, DnsRecordType.TXT, out var txt, countHit: false))
            {
                return false;
            }
            texts = TextsOf(txt);
            client.CountCacheHits(1);
        }
        client.CountCacheHits(1);
        answer = AnswerOf(a, addresses, texts);
        return true;
    }

    private static IPAddress[] AddressesOf(DnsResult a) => a.Records<ARecord>().Select(r => r.Address).ToArray();

    /// <summary>A listing: an answer with a 127.0.0.0/8 address (the reason is then in TXT).</summary>
    private static bool Listed(DnsResult a, IPAddress[] addresses) =>
        a.IsSuccess && addresses.Any(ad => ad.AddressFamily == AddressFamily.InterNetwork && ad.GetAddressBytes()[0] == 127);

    private static IReadOnlyList<string> TextsOf(DnsResult txt) => txt.Records<TxtRecord>().Select(t => t.Text).ToArray();

    private static BlocklistAnswer AnswerOf(DnsResult a, IPAddress[] addresses, IReadOnlyList<string> texts) =>
        new(a.Question.Name, a.Status, a.ResponseCode, addresses, texts, a.Error);

    private static BlocklistAnswer Invalid(string name, string error) =>
        new(name, DnsQueryStatus.InvalidName, DnsResponseCode.NoError, [], [], error);
}
