namespace Sift.Protocols.Dns.Lookups;

/// <summary>The generic <c>dns</c> check: any record type at any name.</summary>
public static class DnsLookup
{
    /// <summary>Parses a type name ("a", "MX", "txt", …) or a number.</summary>
    public static bool TryParseType(string text, out DnsRecordType type)
    {
        if (ushort.TryParse(text, out var n))
        {
            type = (DnsRecordType)n;
            return true;
        }
        return Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type);
    }

    /// <summary>Looks up <paramref name="name"/> for <paramref name="type"/> (CNAMEs followed).</summary>
    public static ValueTask<DnsResult> QueryAsync(DnsClient client, string name, DnsRecordType type, CancellationToken ct = default) =>
        client.QueryAsync(name, type, ct);
}
