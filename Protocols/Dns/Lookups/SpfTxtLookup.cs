namespace Sift.Protocols.Dns.Lookups;

/// <summary>The TXT records of a domain that are SPF records (RFC 7208 §4.5: "v=spf1" then a space or the end).</summary>
/// <param name="Domain">The domain queried.</param>
/// <param name="Status">How the TXT query ended.</param>
/// <param name="ResponseCode">The TXT query's response code.</param>
/// <param name="Records">The SPF records, each record's strings joined.</param>
/// <param name="Error">Why the lookup failed, when it did.</param>
public sealed record SpfTxtAnswer(string Domain, DnsQueryStatus Status, DnsResponseCode ResponseCode, IReadOnlyList<string> Records, string? Error);

/// <summary>Fetches the SPF TXT records of a domain (the record only; evaluation lives in Protocols/Spf).</summary>
public static class SpfTxtLookup
{
    /// <summary>Asks TXT at <paramref name="domain"/> and keeps the records starting with v=spf1.</summary>
    public static async ValueTask<SpfTxtAnswer> QueryAsync(DnsClient client, string domain, CancellationToken ct = default)
    {
        var r = await client.QueryAsync(domain, DnsRecordType.TXT, ct).ConfigureAwait(false);
        var spf = r.Records<TxtRecord>().Select(t => t.Text).Where(IsSpf).ToArray();
        return new SpfTxtAnswer(r.Question.Name, r.Status, r.ResponseCode, spf, r.Error);
    }

    /// <summary>True for "v=spf1" alone or followed by a space, any case.</summary>
    public static bool IsSpf(string text) =>
        text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');
}
