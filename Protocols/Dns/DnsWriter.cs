using System.Buffers.Binary;
using System.Text;

namespace Sift.Protocols.Dns;

/// <summary>
/// Writes DNS messages. <see cref="WriteQuery"/> is the allocation-free hot path used by the
/// client; an instance writes whole messages (any section, any known record) with name
/// compression (RFC 1035 §4.1.4), as test servers and tools need.
/// </summary>
public sealed class DnsWriter
{
    /// <summary>The UDP payload size Sift advertises with EDNS(0): the DNS Flag Day 2020 value, safe from fragmentation.</summary>
    public const ushort DefaultEdnsPayload = 1232;

    private readonly byte[] _buffer;
    private readonly Dictionary<string, int> _names = new(StringComparer.OrdinalIgnoreCase);
    private int _length = DnsHeader.Size;
    private ushort _qd, _an, _ns, _ar;

    /// <summary>A writer with a buffer of <paramref name="capacity"/> octets (at most 65535).</summary>
    public DnsWriter(int capacity = DnsReader.MaxMessageSize) => _buffer = new byte[Math.Min(capacity, DnsReader.MaxMessageSize)];

    /// <summary>
    /// Writes a one-question query: header (RD set as asked), the question and, when
    /// <paramref name="ednsPayload"/> is not 0, an OPT record advertising that UDP size.
    /// <paramref name="wireName"/> is the name as encoded by <see cref="DnsName.TryEncode"/>.
    /// Returns the length, or -1 when <paramref name="destination"/> is too small.
    /// </summary>
    public static int WriteQuery(Span<byte> destination, ushort id, ReadOnlySpan<byte> wireName, DnsRecordType type, bool recursionDesired = true, ushort ednsPayload = DefaultEdnsPayload)
    {
        int length = DnsHeader.Size + wireName.Length + 4 + (ednsPayload != 0 ? 11 : 0);
        if (destination.Length < length) return -1;
        new DnsHeader(id, (ushort)(recursionDesired ? 0x0100 : 0), 1, 0, 0, (ushort)(ednsPayload != 0 ? 1 : 0)).Write(destination);
        wireName.CopyTo(destination[DnsHeader.Size..]);
        int p = DnsHeader.Size + wireName.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[p..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(p + 2)..], (ushort)DnsClass.IN);
        p += 4;
        if (ednsPayload != 0)
        {
            // OPT (RFC 6891 §6.1.2): root name, TYPE 41, CLASS = payload size, TTL = ext-rcode/version/flags, RDLEN 0.
            destination[p] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(p + 1)..], (ushort)DnsRecordType.OPT);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(p + 3)..], ednsPayload);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(p + 5)..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(p + 9)..], 0);
        }
        return length;
    }

    /// <summary>Adds a question. Questions must be written before records.</summary>
    /// <exception cref="ArgumentException">The name is not a valid domain name.</exception>
    /// <exception cref="InvalidOperationException">The message would exceed the buffer.</exception>
    public DnsWriter Question(string name, DnsRecordType type, DnsClass cls = DnsClass.IN)
    {
        WriteName(name);
        WriteU16((ushort)type);
        WriteU16((ushort)cls);
        _qd++;
        return this;
    }

    /// <summary>Adds a record to the answer section.</summary>
    public DnsWriter Answer(DnsRecord record) { WriteRecord(record); _an++; return this; }

    /// <summary>Adds a record to the authority section (after all answers).</summary>
    public DnsWriter Authority(DnsRecord record) { WriteRecord(record); _ns++; return this; }

    /// <summary>Adds a record to the additional section (after all authorities).</summary>
    public DnsWriter Additional(DnsRecord record) { WriteRecord(record); _ar++; return this; }

    /// <summary>Writes the header with <paramref name="id"/> and <paramref name="flags"/> and returns the message.</summary>
    public byte[] ToArray(ushort id, ushort flags)
    {
        new DnsHeader(id, flags, _qd, _an, _ns, _ar).Write(_buffer);
        return _buffer.AsSpan(0, _length).ToArray();
    }

    private void WriteRecord(DnsRecord record)
    {
        WriteName(record.Name);
        WriteU16((ushort)record.Type);
        WriteU16((ushort)record.Class);
        WriteU32(record.Ttl);
        int lengthAt = _length;
        WriteU16(0);
        int start = _length;
        switch (record)
        {
            case ARecord a: WriteAddress(a.Address.GetAddressBytes(), 4); break;
            case AaaaRecord a: WriteAddress(a.Address.GetAddressBytes(), 16); break;
            case CnameRecord c: WriteName(c.Target); break;
            case NsRecord n: WriteName(n.Host); break;
            case PtrRecord p: WriteName(p.Target); break;
            case MxRecord m: WriteU16(m.Preference); WriteName(m.Exchange); break;
            case TxtRecord t:
                foreach (var s in t.Strings)
                {
                    var bytes = Encoding.UTF8.GetBytes(s);
                    if (bytes.Length > 255) throw new ArgumentException("a TXT character-string holds at most 255 octets", nameof(record));
                    Reserve(1 + bytes.Length);
                    _buffer[_length++] = (byte)bytes.Length;
                    bytes.CopyTo(_buffer, _length);
                    _length += bytes.Length;
                }
                break;
            case SoaRecord s:
                WriteName(s.PrimaryServer); WriteName(s.ResponsibleMailbox);
                WriteU32(s.Serial); WriteU32(s.Refresh); WriteU32(s.Retry); WriteU32(s.Expire); WriteU32(s.Minimum);
                break;
            case OptRecord:
                break;
            case UnknownRecord u:
                Reserve(u.Data.Length);
                u.Data.CopyTo(_buffer, _length);
                _length += u.Data.Length;
                break;
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)(_length - start));
    }

    private void WriteAddress(byte[] bytes, int expected)
    {
        if (bytes.Length != expected) throw new ArgumentException($"expected a {expected}-octet address");
        Reserve(expected);
        bytes.CopyTo(_buffer, _length);
        _length += expected;
    }

    /// <summary>Writes a name, replacing its longest already-written suffix by a pointer.</summary>
    private void WriteName(string name)
    {
        Span<byte> wire = stackalloc byte[DnsName.MaxWireLength + 1];
        int n = DnsName.TryEncode(name, wire);
        if (n < 0) throw new ArgumentException($"not a valid domain name: '{name}'", nameof(name));
        int p = 0;
        while (wire[p] != 0)
        {
            string suffix = SuffixText(wire[p..n]);
            if (_names.TryGetValue(suffix, out int at))
            {
                Reserve(2);
                BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), (ushort)(0xC000 | at));
                _length += 2;
                return;
            }
            if (_length < 0x4000) _names[suffix] = _length;
            int len = wire[p] + 1;
            Reserve(len);
            wire.Slice(p, len).CopyTo(_buffer.AsSpan(_length));
            _length += len;
            p += len;
        }
        Reserve(1);
        _buffer[_length++] = 0;
    }

    private static string SuffixText(ReadOnlySpan<byte> wire) => Convert.ToHexString(wire);

    private void WriteU16(ushort v) { Reserve(2); BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), v); _length += 2; }

    private void WriteU32(uint v) { Reserve(4); BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), v); _length += 4; }

    private void Reserve(int n)
    {
        if (_length + n > _buffer.Length) throw new InvalidOperationException("the DNS message does not fit in the writer's buffer");
    }
}
