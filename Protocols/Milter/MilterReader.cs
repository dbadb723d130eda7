using System.Buffers;
using System.Text;

namespace Sift.Protocols.Milter;

/// <summary>
/// Bytes → milter packets and their fields. Framing is resumable: <see cref="TryReadPacket"/>
/// returns false and consumes nothing on short input and is called again when more bytes
/// arrive; it rejects only a length that can never become valid. Field decoders run on the
/// data of a complete packet, so a missing field there is malformed, not short.
/// </summary>
/// <remarks>
/// <code>
///  +--------+--------+--------+--------+--------+-----------------+
///  |     length (big-endian, counts command + data)  | cmd | data (length - 1 bytes) |
///  +--------+--------+--------+--------+--------+-----------------+
/// </code>
/// </remarks>
public static class MilterReader
{
    /// <summary>
    /// Reads one packet when the whole of it is buffered. <paramref name="maxDataLength"/> bounds
    /// the data after the command byte (65535 for libmilter's default).
    /// </summary>
    /// <exception cref="MilterProtocolException">The length is zero or above the bound.</exception>
    public static bool TryReadPacket(ref SequenceReader<byte> reader, int maxDataLength, out MilterPacket packet)
    {
        packet = default;
        if (!reader.TryReadBigEndian(out int length))
        {
            return false;
        }
        if (length == 0)
        {
            reader.Rewind(4);
            MilterProtocolException.Throw(MilterProtocolError.EmptyPacket);
        }
        if ((uint)length - 1 > (uint)maxDataLength)
        {
            reader.Rewind(4);
            MilterProtocolException.Throw(MilterProtocolError.PacketTooLarge, $"length {(uint)length}, limit {maxDataLength + 1}");
        }
        if (reader.Remaining < length)
        {
            reader.Rewind(4);
            return false;
        }
        reader.TryRead(out var code);
        var data = reader.UnreadSequence.Slice(0, length - 1);
        reader.Advance(length - 1);
        packet = new MilterPacket(code, data);
        return true;
    }

    /// <summary>
    /// Decodes option negotiation (either direction): version, actions, protocol flags and, in a
    /// milter's answer, macro lists per stage.
    /// </summary>
    /// <exception cref="MilterProtocolException">Fewer than 12 bytes, or a macro list without its NUL.</exception>
    public static MilterNegotiation ReadNegotiation(ReadOnlySequence<byte> data)
    {
        var reader = new SequenceReader<byte>(data);
        if (reader.Remaining < 12)
        {
            MilterProtocolException.Throw(MilterProtocolError.MalformedData, "negotiation needs 12 bytes");
        }
        reader.TryReadBigEndian(out int version);
        reader.TryReadBigEndian(out int actions);
        reader.TryReadBigEndian(out int protocol);
        Dictionary<MilterMacroStage, string>? macros = null;
        while (!reader.End)
        {
            if (!reader.TryReadBigEndian(out int stage))
            {
                MilterProtocolException.Throw(MilterProtocolError.MalformedData, "truncated macro stage");
            }
            macros ??= new Dictionary<MilterMacroStage, string>();
            macros[(MilterMacroStage)(uint)stage] = ReadString(ref reader);
        }
        return new MilterNegotiation((uint)version, (MilterActions)(uint)actions, (MilterProtocolFlags)(uint)protocol, macros);
    }

    /// <summary>Decodes the connect command: host name, family, port and address.</summary>
    /// <exception cref="MilterProtocolException">Missing fields or an unknown family.</exception>
    public static MilterConnectInfo ReadConnect(ReadOnlySequence<byte> data)
    {
        var reader = new SequenceReader<byte>(data);
        var host = ReadString(ref reader);
        if (!reader.TryRead(out var family))
        {
            MilterProtocolException.Throw(MilterProtocolError.MalformedData, "connect without family");
        }
        var kind = (MilterAddressFamily)family;
        switch (kind)
        {
            case MilterAddressFamily.Unknown:
                return new MilterConnectInfo(host, kind, 0, "");
            case MilterAddressFamily.Inet:
            case MilterAddressFamily.Inet6:
            case MilterAddressFamily.Unix:
                if (!reader.TryReadBigEndian(out short port))
                {
                    MilterProtocolException.Throw(MilterProtocolError.MalformedData, "connect without port");
                }
                return new MilterConnectInfo(host, kind, (ushort)port, ReadString(ref reader));
            default:
                MilterProtocolException.Throw(MilterProtocolError.UnknownFamily, ((char)family).ToString());
                return null;
        }
    }

    /// <summary>Decodes a header command into its name and value.</summary>
    /// <exception cref="MilterProtocolException">Name or value without its NUL.</exception>
    public static (string Name, string Value) ReadHeader(ReadOnlySequence<byte> data)
    {
        var reader = new SequenceReader<byte>(data);
        var name = ReadString(ref reader);
        return (name, ReadString(ref reader));
    }

    /// <summary>
    /// Decodes a sequence of NUL-terminated strings (MAIL/RCPT: the address then its ESMTP
    /// arguments; HELO and unknown: one string). At least one string is required.
    /// </summary>
    /// <exception cref="MilterProtocolException">No string, or a string without its NUL.</exception>
    public static string[] ReadStrings(ReadOnlySequence<byte> data)
    {
        var reader = new SequenceReader<byte>(data);
        var first = ReadString(ref reader);
        if (reader.End)
        {
            return [first];
        }
        var list = new List<string> { first };
        while (!reader.End)
        {
            list.Add(ReadString(ref reader));
        }
        return [.. list];
    }

    /// <summary>
    /// Decodes a macro command: the command letter the macros belong to, then name/value pairs
    /// stored in <paramref name="macros"/> as that stage's values (names without braces: <c>{i}</c>
    /// is stored as <c>i</c>).
    /// </summary>
    /// <exception cref="MilterProtocolException">No command letter, or an unterminated string.</exception>
    public static byte ReadMacros(ReadOnlySequence<byte> data, MilterMacros macros)
    {
        var reader = new SequenceReader<byte>(data);
        if (!reader.TryRead(out var stage))
        {
            MilterProtocolException.Throw(MilterProtocolError.MalformedData, "macro without command");
        }
        var into = macros.BeginStage(stage);
        while (!reader.End)
        {
            var name = MilterMacros.Normalize(ReadString(ref reader));
            // A trailing name without a value is what some MTAs send for an empty list: ignore it.
            if (reader.End)
            {
                break;
            }
            into[name] = ReadString(ref reader);
        }
        return stage;
    }

    /// <summary>Reads one NUL-terminated UTF-8 string from a complete packet.</summary>
    /// <exception cref="MilterProtocolException">No NUL before the end of the data.</exception>
    public static string ReadString(ref SequenceReader<byte> reader)
    {
        if (reader.TryReadTo(out ReadOnlySpan<byte> span, 0))
        {
            return span.Length == 0 ? "" : Encoding.UTF8.GetString(span);
        }
        MilterProtocolException.Throw(MilterProtocolError.MalformedData, "string without NUL");
        return null;
    }
}
