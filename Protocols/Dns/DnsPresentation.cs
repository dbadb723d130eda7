using System.Globalization;

namespace Sift.Protocols.Dns;

/// <summary>Records in zone-file presentation form (RFC 1035 §5.1), as dig prints them.</summary>
public static class DnsPresentation
{
    /// <summary>The RDATA of <paramref name="record"/> as text.</summary>
    public static string Data(DnsRecord record) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord a => a.Address.ToString(),
        CnameRecord c => c.Target + ".",
        NsRecord n => n.Host + ".",
        PtrRecord p => p.Target + ".",
        MxRecord m => string.Create(CultureInfo.InvariantCulture, $"{m.Preference} {m.Exchange}."),
        TxtRecord t => string.Join(' ', t.Strings.Select(Quote)),
        SoaRecord s => string.Create(CultureInfo.InvariantCulture, $"{s.PrimaryServer}. {s.ResponsibleMailbox}. {s.Serial} {s.Refresh} {s.Retry} {s.Expire} {s.Minimum}"),
        OptRecord o => string.Create(CultureInfo.InvariantCulture, $"udp={o.UdpPayloadSize} version={o.Version}"),
        UnknownRecord u => string.Create(CultureInfo.InvariantCulture, $"\\# {u.Data.Length} {Convert.ToHexString(u.Data)}"),
        _ => "",
    };

    /// <summary>One line: name, TTL, class, type, data.</summary>
    public static string Line(DnsRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"{record.Name}.\t{record.Ttl}\tIN\t{TypeName(record.Type)}\t{Data(record)}");

    /// <summary>The mnemonic of a type, or TYPEnnn (RFC 3597).</summary>
    public static string TypeName(DnsRecordType type) =>
        Enum.IsDefined(type) ? type.ToString() : string.Create(CultureInfo.InvariantCulture, $"TYPE{(ushort)type}");

    /// <summary>The response code as dig spells it (NOERROR, NXDOMAIN, SERVFAIL…).</summary>
    public static string ResponseCodeName(DnsResponseCode rcode) =>
        Enum.IsDefined(rcode) ? rcode.ToString().ToUpperInvariant() : string.Create(CultureInfo.InvariantCulture, $"RCODE{(int)rcode}");

    private static string Quote(string s)
    {
        var escaped = s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return "\"" + escaped + "\"";
    }
}
