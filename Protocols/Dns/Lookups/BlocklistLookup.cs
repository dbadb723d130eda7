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
        QueryAsync(client, ReverseName.InZone(address, zone), ct);

    /// <summary>RHSBL: <paramref name="domain"/> (IDNA-converted, lower case) under <paramref name="zone"/>.</summary>
    public static ValueTask<BlocklistAnswer> RhsblAsync(DnsClient client, string domain, string zone, CancellationToken ct = default)
    {
        if (!Idna.TryToAscii(domain.Trim().TrimEnd('.'), out var ascii))
        {
            return ValueTask.FromResult(Invalid(domain + "." + zone, $"not a domain: '{domain}'"));
        }
        return QueryAsync(client, ascii + "." + zone.Trim('.'), ct);
    }

    /// <summary>Hash BL: the hash of the normalised address (see <see cref="HashKey"/>) under <paramref name="zone"/>.</summary>
    public static ValueTask<BlocklistAnswer> HashblAsync(DnsClient client, string email, string zone, HashKind hash, CancellationToken ct = default) =>
        QueryAsync(client, HashKey.For(email, hash) + "." + zone.Trim('.'), ct);

    /// <summary>Asks A at <paramref name="name"/>; when the answer has addresses, also asks TXT for the reason.</summary>
    public static async ValueTask<BlocklistAnswer> QueryAsync(DnsClient client, string name, CancellationToken ct = default)
    {
        var a = await client.QueryAsync(name, DnsRecordType.A, ct).ConfigureAwait(false);
        var addresses = a.Records<ARecord>().Select(r => r.Address).ToArray();
        IReadOnlyList<string> texts = [];
        if (a.IsSuccess && addresses.Any(ad => ad.AddressFamily == AddressFamily.InterNetwork && ad.GetAddressBytes()[0] == 127))
        {
            // The reason is a courtesy: its failure does not fail the lookup.
            var txt = await client.QueryAsync(name, DnsRecordType.TXT, ct).ConfigureAwait(false);
            texts = txt.Records<TxtRecord>().Select(t => t.Text).ToArray();
        }
        return new BlocklistAnswer(a.Question.Name, a.Status, a.ResponseCode, addresses, texts, a.Error);
    }

    private static BlocklistAnswer Invalid(string name, string error) =>
        new(name, DnsQueryStatus.InvalidName, DnsResponseCode.NoError, [], [], error);
}
