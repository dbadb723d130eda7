using System.Text;

namespace Sift.Protocols.Dns;

/// <summary>
/// Domain names on the wire (RFC 1035 §3.1, §4.1.4): a sequence of length-prefixed labels
/// ending with the root label, where a label may be replaced by a 14-bit pointer to an
/// earlier name in the message. Names are handled in text form without the trailing dot;
/// octets that are not letters, digits, '-' or '_' are written as <c>\DDD</c> (as dig does).
/// </summary>
public static class DnsName
{
    /// <summary>Largest name on the wire, length octets included (RFC 1035 §2.3.4).</summary>
    public const int MaxWireLength = 255;

    /// <summary>Largest label.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Most compression pointers followed in one name. Pointers must also point backwards, so a loop is impossible; this bounds the work.</summary>
    public const int MaxPointers = 64;

    /// <summary>
    /// Reads the name at <paramref name="offset"/>, following compression pointers.
    /// <paramref name="next"/> is the offset just after the name in the original position.
    /// Never throws; returns the reason on malformed input.
    /// </summary>
    public static DnsParseError TryRead(ReadOnlySpan<byte> packet, int offset, out string name, out int next)
    {
        name = "";
        next = offset;
        Span<byte> scratch = stackalloc byte[MaxWireLength * 4];
        int written = 0, wireLength = 0, pointers = 0, pos = offset, limit = offset;
        bool jumped = false;
        while (true)
        {
            if ((uint)pos >= (uint)packet.Length) return DnsParseError.Truncated;
            byte len = packet[pos];
            if (len == 0)
            {
                if (!jumped) next = pos + 1;
                break;
            }
            switch (len & 0xC0)
            {
                case 0xC0:
                    if (pos + 1 >= packet.Length) return DnsParseError.Truncated;
                    int target = ((len & 0x3F) << 8) | packet[pos + 1];
                    // Only backwards pointers, each one strictly before the previous: no loop can exist.
                    if (target >= limit || ++pointers > MaxPointers) return DnsParseError.PointerLoop;
                    if (!jumped) next = pos + 2;
                    jumped = true;
                    limit = target;
                    pos = target;
                    continue;
                case 0x00:
                    break;
                default:
                    return DnsParseError.BadLabelType;
            }
            wireLength += len + 1;
            if (wireLength + 1 > MaxWireLength) return DnsParseError.NameTooLong;
            if (pos + 1 + len > packet.Length) return DnsParseError.Truncated;
            if (written > 0) scratch[written++] = (byte)'.';
            foreach (byte b in packet.Slice(pos + 1, len))
            {
                if (IsPlain(b))
                {
                    scratch[written++] = b;
                }
                else
                {
                    scratch[written++] = (byte)'\\';
                    scratch[written++] = (byte)('0' + b / 100);
                    scratch[written++] = (byte)('0' + b / 10 % 10);
                    scratch[written++] = (byte)('0' + b % 10);
                }
            }
            pos += 1 + len;
        }
        name = written == 0 ? "" : Encoding.ASCII.GetString(scratch[..written]);
        return DnsParseError.None;
    }

    /// <summary>Skips the name at <paramref name="offset"/> without decoding it.</summary>
    public static DnsParseError TrySkip(ReadOnlySpan<byte> packet, int offset, out int next)
    {
        next = offset;
        int pos = offset, wire = 0;
        while (true)
        {
            if ((uint)pos >= (uint)packet.Length) return DnsParseError.Truncated;
            byte len = packet[pos];
            if (len == 0) { next = pos + 1; return DnsParseError.None; }
            if ((len & 0xC0) == 0xC0)
            {
                if (pos + 1 >= packet.Length) return DnsParseError.Truncated;
                next = pos + 2;
                return DnsParseError.None;
            }
            if ((len & 0xC0) != 0) return DnsParseError.BadLabelType;
            wire += len + 1;
            if (wire + 1 > MaxWireLength) return DnsParseError.NameTooLong;
            pos += 1 + len;
        }
    }

    /// <summary>
    /// True when the wire name at <paramref name="offset"/> equals <paramref name="expected"/> (text form,
    /// ASCII case-insensitive, no allocation). Used to match a reply's question against the query (RFC 5452 §9.1).
    /// </summary>
    public static bool WireEquals(ReadOnlySpan<byte> packet, int offset, ReadOnlySpan<byte> expectedWire, out int next)
    {
        next = offset;
        int pos = offset, e = 0, pointers = 0, limit = offset;
        bool jumped = false;
        while (true)
        {
            if ((uint)pos >= (uint)packet.Length || e >= expectedWire.Length) return false;
            byte len = packet[pos];
            if ((len & 0xC0) == 0xC0)
            {
                if (pos + 1 >= packet.Length) return false;
                int target = ((len & 0x3F) << 8) | packet[pos + 1];
                if (target >= limit || ++pointers > MaxPointers) return false;
                if (!jumped) next = pos + 2;
                jumped = true;
                limit = target;
                pos = target;
                continue;
            }
            if ((len & 0xC0) != 0 || len != expectedWire[e]) return false;
            if (len == 0)
            {
                if (!jumped) next = pos + 1;
                return true;
            }
            if (pos + 1 + len > packet.Length || e + 1 + len > expectedWire.Length) return false;
            for (int i = 1; i <= len; i++)
            {
                if (ToLower(packet[pos + i]) != ToLower(expectedWire[e + i])) return false;
            }
            pos += 1 + len;
            e += 1 + len;
        }
    }

    /// <summary>
    /// Encodes a text name as uncompressed wire labels into <paramref name="destination"/>; returns the number
    /// of octets written, or -1 when the name is not valid (empty label, label over 63 octets, name over 255,
    /// non-ASCII characters: convert those with <see cref="Lookups.Idna.ToAscii"/> first) or does not fit.
    /// Accepts <c>\DDD</c> and <c>\c</c> escapes; a trailing dot is optional; "" and "." are the root.
    /// </summary>
    public static int TryEncode(ReadOnlySpan<char> name, Span<byte> destination)
    {
        if (name.Length > 0 && name[^1] == '.' && !(name.Length >= 2 && name[^2] == '\\')) name = name[..^1];
        int w = 0;
        if (name.Length > 0)
        {
            int i = 0;
            while (i <= name.Length)
            {
                int lenPos = w++;
                if (lenPos >= destination.Length) return -1;
                int labelLen = 0;
                while (i < name.Length && name[i] != '.')
                {
                    int b;
                    if (name[i] == '\\')
                    {
                        if (i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
                        {
                            b = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
                            if (b > 255) return -1;
                            i += 4;
                        }
                        else if (i + 1 < name.Length)
                        {
                            b = name[i + 1];
                            i += 2;
                        }
                        else
                        {
                            return -1;
                        }
                    }
                    else
                    {
                        b = name[i++];
                    }
                    if (b > 127 || w >= destination.Length || ++labelLen > MaxLabelLength) return -1;
                    destination[w++] = (byte)b;
                }
                if (labelLen == 0) return -1;
                destination[lenPos] = (byte)labelLen;
                if (i >= name.Length) break;
                i++; // the dot
                if (i == name.Length) return -1; // "a..": empty last label after an inner dot
            }
        }
        if (w >= destination.Length) return -1;
        destination[w++] = 0;
        return w > MaxWireLength ? -1 : w;
    }

    /// <summary>Whether <paramref name="name"/> is a syntactically valid ASCII domain name.</summary>
    public static bool IsValid(string name)
    {
        Span<byte> buffer = stackalloc byte[MaxWireLength + 1];
        return TryEncode(name, buffer) > 0;
    }

    /// <summary>ASCII case-insensitive name equality, ignoring one trailing dot.</summary>
    public static bool Equal(string a, string b) =>
        a.AsSpan().TrimEnd('.').Equals(b.AsSpan().TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The canonical text form used for cache keys: lower case, no trailing dot.</summary>
    public static string Normalize(string name)
    {
        var trimmed = name.EndsWith('.') && name.Length > 1 ? name[..^1] : name;
        foreach (char c in trimmed)
        {
            if (char.IsAsciiLetterUpper(c)) return trimmed.ToLowerInvariant();
        }
        return trimmed;
    }

    private static bool IsPlain(byte b) =>
        (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '*' || b == '/';

    private static byte ToLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
}
