namespace Sift.Protocols.Dns;

/// <summary>Resource record types the client reads (RFC 1035 §3.2.2, RFC 3596, RFC 6891).</summary>
public enum DnsRecordType : ushort
{
    /// <summary>IPv4 host address.</summary>
    A = 1,
    /// <summary>Authoritative name server.</summary>
    NS = 2,
    /// <summary>Canonical name (alias).</summary>
    CNAME = 5,
    /// <summary>Start of a zone of authority.</summary>
    SOA = 6,
    /// <summary>Domain name pointer (reverse DNS).</summary>
    PTR = 12,
    /// <summary>Mail exchange.</summary>
    MX = 15,
    /// <summary>Text strings.</summary>
    TXT = 16,
    /// <summary>IPv6 host address.</summary>
    AAAA = 28,
    /// <summary>EDNS(0) pseudo-record.</summary>
    OPT = 41,
    /// <summary>Any type (query only).</summary>
    ANY = 255,
}

/// <summary>DNS classes; only IN is used in practice.</summary>
public enum DnsClass : ushort
{
    /// <summary>The Internet.</summary>
    IN = 1,
}

/// <summary>Response codes (RFC 1035 §4.1.1, RFC 6895). NXDomain is an answer, not a failure.</summary>
public enum DnsResponseCode : ushort
{
    /// <summary>No error: the name exists (the answer may still be empty: NODATA).</summary>
    NoError = 0,
    /// <summary>The server could not interpret the query.</summary>
    FormErr = 1,
    /// <summary>The server failed; another server may do better.</summary>
    ServFail = 2,
    /// <summary>The name does not exist.</summary>
    NXDomain = 3,
    /// <summary>The server does not support this kind of query.</summary>
    NotImp = 4,
    /// <summary>The server refuses to answer (policy).</summary>
    Refused = 5,
    /// <summary>Name exists when it should not (dynamic update).</summary>
    YXDomain = 6,
    /// <summary>RR set exists when it should not.</summary>
    YXRRSet = 7,
    /// <summary>RR set that should exist does not.</summary>
    NXRRSet = 8,
    /// <summary>Server not authoritative for the zone.</summary>
    NotAuth = 9,
    /// <summary>Name not contained in zone.</summary>
    NotZone = 10,
    /// <summary>Bad OPT version (extended rcode, RFC 6891).</summary>
    BadVers = 16,
}

/// <summary>Why a packet could not be parsed. Carried in the result, never thrown.</summary>
public enum DnsParseError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>The packet ends before a field it announces.</summary>
    Truncated,
    /// <summary>A compression pointer points at or after itself (a loop) or too many pointers were followed.</summary>
    PointerLoop,
    /// <summary>A label type other than a plain label or a pointer (0x40/0x80 prefixes).</summary>
    BadLabelType,
    /// <summary>A name longer than 255 octets on the wire.</summary>
    NameTooLong,
    /// <summary>A section count larger than the packet can hold or than the reader accepts.</summary>
    TooManyRecords,
    /// <summary>A record's RDLENGTH runs past the end of the packet or disagrees with its content.</summary>
    BadRecordData,
    /// <summary>The packet is longer than any DNS message (65535 octets).</summary>
    TooLarge,
}
