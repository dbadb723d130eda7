using System.Net;

namespace Sift.Protocols.Dns;

/// <summary>A question: the name, type and class asked about.</summary>
public readonly record struct DnsQuestion(string Name, DnsRecordType Type, DnsClass Class = DnsClass.IN);

/// <summary>A resource record. Each type the client knows is a sealed subtype with typed fields.</summary>
/// <param name="Name">Owner name, without the trailing dot.</param>
/// <param name="Type">Record type.</param>
/// <param name="Class">Record class (for OPT: the advertised UDP payload size).</param>
/// <param name="Ttl">Time to live in seconds (for OPT: extended rcode, version and flags).</param>
public abstract record DnsRecord(string Name, DnsRecordType Type, DnsClass Class, uint Ttl);

/// <summary>An IPv4 address record.</summary>
public sealed record ARecord(string Name, uint Ttl, IPAddress Address) : DnsRecord(Name, DnsRecordType.A, DnsClass.IN, Ttl);

/// <summary>An IPv6 address record.</summary>
public sealed record AaaaRecord(string Name, uint Ttl, IPAddress Address) : DnsRecord(Name, DnsRecordType.AAAA, DnsClass.IN, Ttl);

/// <summary>An alias: <see cref="DnsRecord.Name"/> is another name for <paramref name="Target"/>.</summary>
public sealed record CnameRecord(string Name, uint Ttl, string Target) : DnsRecord(Name, DnsRecordType.CNAME, DnsClass.IN, Ttl);

/// <summary>A name server of the zone.</summary>
public sealed record NsRecord(string Name, uint Ttl, string Host) : DnsRecord(Name, DnsRecordType.NS, DnsClass.IN, Ttl);

/// <summary>A pointer (reverse DNS).</summary>
public sealed record PtrRecord(string Name, uint Ttl, string Target) : DnsRecord(Name, DnsRecordType.PTR, DnsClass.IN, Ttl);

/// <summary>A mail exchanger with its preference (lower first).</summary>
public sealed record MxRecord(string Name, uint Ttl, ushort Preference, string Exchange) : DnsRecord(Name, DnsRecordType.MX, DnsClass.IN, Ttl);

/// <summary>A TXT record: one or more character-strings of up to 255 octets each.</summary>
public sealed record TxtRecord(string Name, uint Ttl, IReadOnlyList<string> Strings) : DnsRecord(Name, DnsRecordType.TXT, DnsClass.IN, Ttl)
{
    /// <summary>The strings joined without separator, as SPF and DMARC read them (RFC 7208 §3.3).</summary>
    public string Text => Strings.Count == 1 ? Strings[0] : string.Concat(Strings);

    /// <inheritdoc />
    public bool Equals(TxtRecord? other) =>
        other is not null && Name == other.Name && Ttl == other.Ttl && Strings.SequenceEqual(other.Strings);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Ttl, Text);
}

/// <summary>Start of authority; <see cref="Minimum"/> bounds the negative-caching TTL (RFC 2308 §5).</summary>
public sealed record SoaRecord(string Name, uint Ttl, string PrimaryServer, string ResponsibleMailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum)
    : DnsRecord(Name, DnsRecordType.SOA, DnsClass.IN, Ttl);

/// <summary>The EDNS(0) OPT pseudo-record (RFC 6891 §6.1): the sender's UDP payload size and flags.</summary>
public sealed record OptRecord(ushort UdpPayloadSize, byte ExtendedResponseCode, byte Version, bool DnssecOk)
    : DnsRecord("", DnsRecordType.OPT, (DnsClass)UdpPayloadSize, (uint)((ExtendedResponseCode << 24) | (Version << 16) | (DnssecOk ? 0x8000 : 0)));

/// <summary>A record of a type the reader does not decode; its RDATA is kept as bytes.</summary>
public sealed record UnknownRecord(string Name, DnsRecordType RecordType, DnsClass RecordClass, uint Ttl, byte[] Data) : DnsRecord(Name, RecordType, RecordClass, Ttl)
{
    /// <inheritdoc />
    public bool Equals(UnknownRecord? other) =>
        other is not null && Name == other.Name && Type == other.Type && Ttl == other.Ttl && Data.AsSpan().SequenceEqual(other.Data);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type, Ttl, Data.Length);
}

/// <summary>A whole DNS message as read from the wire.</summary>
public sealed record DnsMessage(DnsHeader Header, IReadOnlyList<DnsQuestion> Questions, IReadOnlyList<DnsRecord> Answers, IReadOnlyList<DnsRecord> Authorities, IReadOnlyList<DnsRecord> Additionals)
{
    private OptRecord? _opt;
    private bool _optFound;

    /// <summary>The OPT record of the additional section, when the sender speaks EDNS.</summary>
    public OptRecord? Opt
    {
        get
        {
            if (!_optFound)
            {
                foreach (var r in Additionals)
                {
                    if (r is OptRecord o) { _opt = o; break; }
                }
                _optFound = true;
            }
            return _opt;
        }
    }

    /// <summary>The full response code: the header's 4 bits extended by the OPT record's 8 (RFC 6891 §6.1.3).</summary>
    public DnsResponseCode ResponseCode => (DnsResponseCode)(Header.ResponseCode | ((Opt?.ExtendedResponseCode ?? 0) << 4));
}
