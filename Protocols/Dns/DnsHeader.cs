using System.Buffers.Binary;

namespace Sift.Protocols.Dns;

/// <summary>
/// The fixed 12-octet message header (RFC 1035 §4.1.1):
/// <code>
///   ID (16) | QR(1) Opcode(4) AA(1) TC(1) RD(1) | RA(1) Z(1) AD(1) CD(1) RCODE(4)
///   QDCOUNT (16) | ANCOUNT (16) | NSCOUNT (16) | ARCOUNT (16)
/// </code>
/// </summary>
public readonly record struct DnsHeader(ushort Id, ushort Flags, ushort QuestionCount, ushort AnswerCount, ushort AuthorityCount, ushort AdditionalCount)
{
    /// <summary>Size of the header on the wire.</summary>
    public const int Size = 12;

    /// <summary>QR: this message is a response.</summary>
    public bool IsResponse => (Flags & 0x8000) != 0;

    /// <summary>Opcode (0 = standard query).</summary>
    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>AA: the answer is authoritative.</summary>
    public bool Authoritative => (Flags & 0x0400) != 0;

    /// <summary>TC: the answer was truncated; repeat the query over TCP.</summary>
    public bool Truncated => (Flags & 0x0200) != 0;

    /// <summary>RD: recursion desired.</summary>
    public bool RecursionDesired => (Flags & 0x0100) != 0;

    /// <summary>RA: recursion available.</summary>
    public bool RecursionAvailable => (Flags & 0x0080) != 0;

    /// <summary>The 4-bit RCODE of the header (the EDNS extension is applied by <see cref="DnsMessage"/>).</summary>
    public int ResponseCode => Flags & 0xF;

    /// <summary>Reads a header; false when fewer than 12 octets are given.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out DnsHeader header)
    {
        if (packet.Length < Size)
        {
            header = default;
            return false;
        }
        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(packet),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(packet[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(packet[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(packet[10..]));
        return true;
    }

    /// <summary>Writes the header into the first 12 octets of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], AdditionalCount);
    }
}
