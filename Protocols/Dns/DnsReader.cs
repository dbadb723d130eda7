using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Sift.Protocols.Dns;

/// <summary>
/// Reads DNS messages (RFC 1035 §4). Every failure is a <see cref="DnsParseError"/>, never an
/// exception: a hostile packet costs at most a bounded amount of work (names ≤ 255 octets,
/// pointers only backwards, section counts bounded by what the packet can hold).
/// </summary>
public static class DnsReader
{
    /// <summary>Largest DNS message (the TCP length prefix is 16 bits).</summary>
    public const int MaxMessageSize = 65535;

    /// <summary>
    /// Parses a whole message. On failure <paramref name="message"/> is null and the reason is returned.
    /// </summary>
    public static DnsParseError TryRead(ReadOnlySpan<byte> packet, out DnsMessage? message)
    {
        message = null;
        if (packet.Length > MaxMessageSize) return DnsParseError.TooLarge;
        if (!DnsHeader.TryRead(packet, out var header)) return DnsParseError.Truncated;
        // Each question takes ≥ 5 octets and each record ≥ 11: a count the packet cannot hold is malformed.
        int room = packet.Length - DnsHeader.Size;
        if (header.QuestionCount * 5L + (header.AnswerCount + (long)header.AuthorityCount + header.AdditionalCount) * 11L > room)
        {
            return DnsParseError.TooManyRecords;
        }
        int pos = DnsHeader.Size;
        var questions = new DnsQuestion[header.QuestionCount];
        for (int i = 0; i < questions.Length; i++)
        {
            var err = DnsName.TryRead(packet, pos, out var name, out pos);
            if (err != DnsParseError.None) return err;
            if (pos + 4 > packet.Length) return DnsParseError.Truncated;
            questions[i] = new DnsQuestion(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]), (DnsClass)BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]));
            pos += 4;
        }
        var answers = new DnsRecord[header.AnswerCount];
        var authorities = new DnsRecord[header.AuthorityCount];
        var additionals = new DnsRecord[header.AdditionalCount];
        // Owner names are most often a pointer to the question: reuse its string instead of decoding it again.
        string? questionName = questions.Length > 0 ? questions[0].Name : null;
        for (int s = 0; s < 3; s++)
        {
            var section = s == 0 ? answers : s == 1 ? authorities : additionals;
            for (int i = 0; i < section.Length; i++)
            {
                var err = TryReadRecord(packet, ref pos, out section[i]!, questionName);
                if (err != DnsParseError.None) return err;
            }
        }
        message = new DnsMessage(header, questions, answers, authorities, additionals);
        return DnsParseError.None;
    }

    /// <summary>Reads one resource record at <paramref name="pos"/> and advances past it.</summary>
    public static DnsParseError TryReadRecord(ReadOnlySpan<byte> packet, ref int pos, out DnsRecord? record) =>
        TryReadRecord(packet, ref pos, out record, null);

    private static DnsParseError TryReadRecord(ReadOnlySpan<byte> packet, ref int pos, out DnsRecord? record, string? questionName)
    {
        record = null;
        string name;
        int p;
        if (questionName is not null && pos + 1 < packet.Length && packet[pos] == 0xC0 && packet[pos + 1] == DnsHeader.Size)
        {
            name = questionName;
            p = pos + 2;
        }
        else
        {
            var nameErr = DnsName.TryRead(packet, pos, out name, out p);
            if (nameErr != DnsParseError.None) return nameErr;
        }
        DnsParseError err;
        if (p + 10 > packet.Length) return DnsParseError.Truncated;
        var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[p..]);
        ushort cls = BinaryPrimitives.ReadUInt16BigEndian(packet[(p + 2)..]);
        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(p + 4)..]);
        int rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(p + 8)..]);
        int start = p + 10, end = start + rdLength;
        if (end > packet.Length) return DnsParseError.Truncated;
        // RDATA names may point anywhere before them, so they are read from the whole packet but must end at 'end'.
        var bounded = packet[..end];
        var rdata = packet[start..end];
        switch (type)
        {
            case DnsRecordType.A:
                if (rdLength != 4) return DnsParseError.BadRecordData;
                record = new ARecord(name, ttl, new IPAddress(rdata));
                break;
            case DnsRecordType.AAAA:
                if (rdLength != 16) return DnsParseError.BadRecordData;
                record = new AaaaRecord(name, ttl, new IPAddress(rdata));
                break;
            case DnsRecordType.CNAME or DnsRecordType.NS or DnsRecordType.PTR:
            {
                err = ReadWholeName(bounded, start, end, out var target);
                if (err != DnsParseError.None) return err;
                record = type switch
                {
                    DnsRecordType.CNAME => new CnameRecord(name, ttl, target),
                    DnsRecordType.NS => new NsRecord(name, ttl, target),
                    _ => new PtrRecord(name, ttl, target),
                };
                break;
            }
            case DnsRecordType.MX:
            {
                if (rdLength < 3) return DnsParseError.BadRecordData;
                err = ReadWholeName(bounded, start + 2, end, out var exchange);
                if (err != DnsParseError.None) return err;
                record = new MxRecord(name, ttl, BinaryPrimitives.ReadUInt16BigEndian(rdata), exchange);
                break;
            }
            case DnsRecordType.TXT:
            {
                if (rdLength == 0) return DnsParseError.BadRecordData;
                var strings = new List<string>(1);
                int q = 0;
                while (q < rdata.Length)
                {
                    int len = rdata[q];
                    if (q + 1 + len > rdata.Length) return DnsParseError.BadRecordData;
                    strings.Add(Encoding.UTF8.GetString(rdata.Slice(q + 1, len)));
                    q += 1 + len;
                }
                record = new TxtRecord(name, ttl, strings);
                break;
            }
            case DnsRecordType.SOA:
            {
                err = DnsName.TryRead(bounded, start, out var mname, out int q);
                if (err != DnsParseError.None) return err == DnsParseError.Truncated ? DnsParseError.BadRecordData : err;
                err = DnsName.TryRead(bounded, q, out var rname, out q);
                if (err != DnsParseError.None) return err == DnsParseError.Truncated ? DnsParseError.BadRecordData : err;
                if (q + 20 != end) return DnsParseError.BadRecordData;
                var n = packet[q..];
                record = new SoaRecord(name, ttl, mname, rname,
                    BinaryPrimitives.ReadUInt32BigEndian(n), BinaryPrimitives.ReadUInt32BigEndian(n[4..]),
                    BinaryPrimitives.ReadUInt32BigEndian(n[8..]), BinaryPrimitives.ReadUInt32BigEndian(n[12..]),
                    BinaryPrimitives.ReadUInt32BigEndian(n[16..]));
                break;
            }
            case DnsRecordType.OPT:
                record = new OptRecord(cls, (byte)(ttl >> 24), (byte)(ttl >> 16), (ttl & 0x8000) != 0);
                break;
            default:
                record = new UnknownRecord(name, type, (DnsClass)cls, ttl, rdata.ToArray());
                break;
        }
        pos = end;
        return DnsParseError.None;
    }

    private static DnsParseError ReadWholeName(ReadOnlySpan<byte> bounded, int start, int end, out string name)
    {
        var err = DnsName.TryRead(bounded, start, out name, out int after);
        if (err == DnsParseError.Truncated) return DnsParseError.BadRecordData;
        if (err != DnsParseError.None) return err;
        return after == end ? DnsParseError.None : DnsParseError.BadRecordData;
    }
}
