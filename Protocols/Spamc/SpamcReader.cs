using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Sift.Protocols.Spamc;

/// <summary>The outcome of one parse step.</summary>
public enum SpamcParseStatus
{
    /// <summary>Not enough bytes yet; nothing consumed. Call again with more.</summary>
    NeedMore,
    /// <summary>The head is complete.</summary>
    Done,
    /// <summary>The bytes can never become a valid answer; see the error.</summary>
    Invalid,
}

/// <summary>
/// Parses the head of a SPAMD answer from bytes. Pure and resumable: it does no I/O, never
/// throws on short or hostile input, and consumes nothing until the head is complete.
/// </summary>
public static class SpamcReader
{
    /// <summary>The longest head accepted (status line plus headers).</summary>
    public const int MaxHeadLength = 8 * 1024;

    /// <summary>
    /// Parses the status line and headers at the start of <paramref name="buffer"/>. The head ends
    /// at an empty line, or — when <paramref name="atEnd"/> says the peer has closed — at the end
    /// of the bytes (spamd answers <c>PING</c> with a bare status line and closes).
    /// </summary>
    /// <param name="buffer">The bytes received so far.</param>
    /// <param name="atEnd">True when no more bytes will come.</param>
    /// <param name="head">The parsed head when the result is <see cref="SpamcParseStatus.Done"/>.</param>
    /// <param name="consumed">The head's length in bytes (the body starts there).</param>
    /// <param name="error">Why the input is invalid, when it is.</param>
    public static SpamcParseStatus TryReadHead(
        ReadOnlySpan<byte> buffer, bool atEnd, out SpamdAnswerHead head, out int consumed, out SpamcProtocolError error)
    {
        head = default;
        consumed = 0;
        error = default;

        var end = FindHeadEnd(buffer, out var headLength);
        if (end < 0)
        {
            if (buffer.Length > MaxHeadLength) { error = SpamcProtocolError.TooLarge; return SpamcParseStatus.Invalid; }
            if (!atEnd) return SpamcParseStatus.NeedMore;
            if (buffer.IsEmpty) { error = SpamcProtocolError.ConnectionLost; return SpamcParseStatus.Invalid; }
            end = buffer.Length;
            headLength = buffer.Length;
        }
        if (end > MaxHeadLength) { error = SpamcProtocolError.TooLarge; return SpamcParseStatus.Invalid; }

        var rest = buffer[..end];
        var statusLine = NextLine(ref rest);
        if (!TryParseStatusLine(statusLine, out var version, out var code, out var message))
        {
            error = SpamcProtocolError.BadStatusLine;
            return SpamcParseStatus.Invalid;
        }
        head = new SpamdAnswerHead { Version = version, Code = code, StatusMessage = message };

        while (!rest.IsEmpty)
        {
            var line = NextLine(ref rest);
            if (line.IsEmpty) continue;
            if (!TryApplyHeader(line, ref head)) { error = SpamcProtocolError.BadHeader; return SpamcParseStatus.Invalid; }
        }
        consumed = headLength;
        return SpamcParseStatus.Done;
    }

    /// <summary>
    /// Splits a SYMBOLS body (<c>GTUBE,MISSING_DATE,…</c>) into rule names; empty names are skipped.
    /// </summary>
    public static IReadOnlyList<string> ParseSymbols(ReadOnlySpan<byte> body)
    {
        var list = new List<string>();
        foreach (var range in body.Split((byte)','))
        {
            var name = body[range].Trim(" \t\r\n"u8);
            if (!name.IsEmpty) list.Add(Encoding.ASCII.GetString(name));
        }
        return list;
    }

    /// <summary>
    /// Parses the value of a <c>Spam:</c> header, <c>True ; 15.3 / 5.0</c> (CHECK and most verbs)
    /// or <c>Yes ; 15.3 / 5.0</c> (REPORT_IFSPAM).
    /// </summary>
    public static bool TryParseSpamHeader(ReadOnlySpan<byte> value, out bool isSpam, out double score, out double threshold)
    {
        isSpam = false; score = 0; threshold = 0;
        var semi = value.IndexOf((byte)';');
        if (semi < 0) return false;
        var verdict = value[..semi].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(verdict, "True"u8) || Ascii.EqualsIgnoreCase(verdict, "Yes"u8)) isSpam = true;
        else if (!Ascii.EqualsIgnoreCase(verdict, "False"u8) && !Ascii.EqualsIgnoreCase(verdict, "No"u8)) return false;

        var numbers = value[(semi + 1)..];
        var slash = numbers.IndexOf((byte)'/');
        if (slash < 0) return false;
        return TryParseDouble(numbers[..slash].Trim(" \t"u8), out score)
            && TryParseDouble(numbers[(slash + 1)..].Trim(" \t"u8), out threshold);
    }

    private static bool TryApplyHeader(ReadOnlySpan<byte> line, ref SpamdAnswerHead head)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0) return false;
        var name = line[..colon].Trim(" \t"u8);
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0) return false;
            head = head with { ContentLength = length };
        }
        else if (Ascii.EqualsIgnoreCase(name, "Spam"u8))
        {
            if (!TryParseSpamHeader(value, out var isSpam, out var score, out var threshold)) return false;
            head = head with { HasSpamHeader = true, IsSpam = isSpam, Score = score, Threshold = threshold };
        }
        // Other headers (DidSet, DidRemove, …) carry nothing this client uses.
        return true;
    }

    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, out string version, out int code, out string message)
    {
        version = ""; code = 0; message = "";
        if (!line.StartsWith("SPAMD/"u8)) return false;
        line = line[6..];
        var space = line.IndexOf((byte)' ');
        if (space <= 0) return false;
        var v = line[..space];
        if (!IsVersion(v)) return false;
        line = line[(space + 1)..].TrimStart((byte)' ');
        var codeEnd = line.IndexOf((byte)' ');
        var codeBytes = codeEnd < 0 ? line : line[..codeEnd];
        if (codeBytes.IsEmpty || codeBytes.Length > 4 || !Utf8Parser.TryParse(codeBytes, out code, out var used) || used != codeBytes.Length || code < 0)
            return false;
        version = Encoding.ASCII.GetString(v);
        message = codeEnd < 0 ? "" : Printable(line[(codeEnd + 1)..]);
        return true;
    }

    private static bool IsVersion(ReadOnlySpan<byte> v)
    {
        var dot = v.IndexOf((byte)'.');
        if (dot <= 0 || dot == v.Length - 1 || v.Length > 8) return false;
        foreach (var b in v) if (b != '.' && !char.IsAsciiDigit((char)b)) return false;
        return v.LastIndexOf((byte)'.') == dot;
    }

    private static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 32) return false;
        Span<char> chars = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++) chars[i] = (char)text[i];
        return double.TryParse(chars, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static string Printable(ReadOnlySpan<byte> text)
    {
        if (text.Length > 200) text = text[..200];
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++) chars[i] = text[i] is >= 0x20 and < 0x7f ? (char)text[i] : '?';
        return new string(chars);
    }

    // The head ends at the first empty line: "\r\n\r\n" (spamd) or "\n\n" (tolerated).
    private static int FindHeadEnd(ReadOnlySpan<byte> buffer, out int headLength)
    {
        headLength = 0;
        var lineStart = 0;
        while (true)
        {
            var nl = buffer[lineStart..].IndexOf((byte)'\n');
            if (nl < 0) return -1;
            var lineEnd = lineStart + nl;
            var content = buffer[lineStart..lineEnd];
            if (content.IsEmpty || (content.Length == 1 && content[0] == '\r'))
            {
                headLength = lineEnd + 1;
                return lineStart;
            }
            lineStart = lineEnd + 1;
        }
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> rest)
    {
        var nl = rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (nl < 0) { line = rest; rest = default; }
        else { line = rest[..nl]; rest = rest[(nl + 1)..]; }
        return line.TrimEnd((byte)'\r');
    }
}
