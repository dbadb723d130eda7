using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sift.Protocols.Spf;

/// <summary>
/// Macro expansion (RFC 7208 §7): <c>%{letter digits r delimiters}</c>, <c>%%</c>, <c>%_</c>, <c>%-</c>.
/// An upper-case letter URL-escapes its value; <c>c</c>, <c>r</c> and <c>t</c> are allowed only in
/// explanation strings.
/// </summary>
public static class SpfMacro
{
    private const string Delimiters = ".-+,/_=";

    /// <summary>Checks the syntax of a macro-string without expanding it.</summary>
    /// <param name="text">The macro-string.</param>
    /// <param name="allowExplanationLetters">True inside an explanation TXT record, where c, r and t are legal.</param>
    /// <param name="error">The first problem, or null.</param>
    public static bool Validate(ReadOnlySpan<char> text, bool allowExplanationLetters, out string? error)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '%')
            {
                if (!IsLiteral(c, allowExplanationLetters))
                {
                    error = "illegal character in macro-string";
                    return false;
                }
                continue;
            }
            if (!TryParseExpand(text, ref i, allowExplanationLetters, out _, out error))
            {
                return false;
            }
        }
        error = null;
        return true;
    }

    // macro-literal = %x21-24 / %x26-7E; explanations may also hold spaces (RFC 7208 §6.2).
    private static bool IsLiteral(char c, bool isExplanation) => c is > ' ' and <= '~' || (c == ' ' && isExplanation);

    /// <summary>True when the last token of a (valid) macro-string is a macro-expand.</summary>
    internal static bool EndsWithMacro(ReadOnlySpan<char> text)
    {
        bool last = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '%')
            {
                last = TryParseExpand(text, ref i, true, out _, out _);
            }
            else
            {
                last = false;
            }
        }
        return last;
    }

    /// <summary>Expands a macro-string.</summary>
    /// <param name="text">The macro-string.</param>
    /// <param name="context">The values of the letters.</param>
    /// <param name="isExplanation">True for an explanation string (c, r, t allowed; spaces kept).</param>
    /// <param name="expanded">The result.</param>
    /// <param name="error">Why the string is invalid (a permerror), or null.</param>
    public static bool TryExpand(string text, SpfMacroContext context, bool isExplanation, out string expanded, out string? error)
    {
        if (text.IndexOf('%') < 0)
        {
            expanded = text;
            return Validate(text, isExplanation, out error);
        }
        var builder = new StringBuilder(text.Length + 32);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '%')
            {
                if (!IsLiteral(c, isExplanation))
                {
                    expanded = string.Empty;
                    error = "illegal character in macro-string";
                    return false;
                }
                builder.Append(c);
                continue;
            }
            if (!TryParseExpand(text, ref i, isExplanation, out var macro, out error))
            {
                expanded = string.Empty;
                return false;
            }
            AppendExpansion(builder, macro, context);
        }
        expanded = builder.ToString();
        error = null;
        return true;
    }

    /// <summary>True when the macro-string uses the <c>p</c> letter, which costs DNS lookups to resolve.</summary>
    public static bool UsesValidatedName(string text)
    {
        for (int i = 0; i + 2 < text.Length; i++)
        {
            if (text[i] == '%')
            {
                if (text[i + 1] == '{' && (text[i + 2] | 0x20) == 'p')
                {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private readonly record struct Macro(char Letter, bool Escape, int Parts, bool Reverse, string? Delimiters, string? Literal);

    // macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
    private static bool TryParseExpand(ReadOnlySpan<char> text, ref int i, bool allowExplanationLetters, out Macro macro, out string? error)
    {
        macro = default;
        if (i + 1 >= text.Length)
        {
            error = "'%' at the end of a macro-string";
            return false;
        }
        char next = text[i + 1];
        if (next != '{')
        {
            string? literal = next switch { '%' => "%", '_' => " ", '-' => "%20", _ => null };
            if (literal is null)
            {
                error = $"'%{next}' is not a macro";
                return false;
            }
            macro = new Macro('\0', false, 0, false, null, literal);
            i++;
            error = null;
            return true;
        }
        int close = text[(i + 2)..].IndexOf('}');
        if (close < 1)
        {
            error = "unterminated or empty macro";
            return false;
        }
        var body = text.Slice(i + 2, close);
        char letter = char.ToLowerInvariant(body[0]);
        bool allowed = letter is 's' or 'l' or 'o' or 'd' or 'i' or 'p' or 'h' or 'v'
            || (allowExplanationLetters && letter is 'c' or 'r' or 't');
        if (!allowed)
        {
            error = $"'%{{{body[0]}' is not a macro letter here";
            return false;
        }
        int p = 1, parts = 0;
        while (p < body.Length && char.IsAsciiDigit(body[p]))
        {
            parts = Math.Min(parts * 10 + (body[p] - '0'), 1000);
            p++;
        }
        if (p > 1 && parts == 0)
        {
            error = "a macro's digit transformer must not be zero";
            return false;
        }
        bool reverse = false;
        if (p < body.Length && (body[p] | 0x20) == 'r')
        {
            reverse = true;
            p++;
        }
        var delimiters = body[p..];
        foreach (char d in delimiters)
        {
            if (Delimiters.IndexOf(d) < 0)
            {
                error = $"'{d}' is not a macro delimiter";
                return false;
            }
        }
        macro = new Macro(letter, char.IsAsciiLetterUpper(body[0]), parts, reverse,
            delimiters.IsEmpty ? null : delimiters.ToString(), null);
        i += close + 2;
        error = null;
        return true;
    }

    private static void AppendExpansion(StringBuilder builder, in Macro macro, SpfMacroContext context)
    {
        if (macro.Literal is not null)
        {
            builder.Append(macro.Literal);
            return;
        }
        string value = macro.Letter switch
        {
            's' => context.Sender,
            'l' => context.LocalPart,
            'o' => context.SenderDomain,
            'd' => context.Domain,
            'i' => DottedAddress(context.Ip),
            'p' => context.ValidatedName,
            'v' => context.Ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "in-addr",
            'h' => context.Helo,
            'c' => context.Ip.ToString(),
            'r' => context.Receiver,
            't' => context.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => string.Empty,
        };
        if (macro.Parts > 0 || macro.Reverse || macro.Delimiters is not null)
        {
            value = Transform(value, macro);
        }
        builder.Append(macro.Escape ? Uri.EscapeDataString(value) : value);
    }

    /// <summary>Split on the delimiters, optionally reverse, keep the rightmost N parts, join with dots.</summary>
    private static string Transform(string value, in Macro macro)
    {
        var parts = value.Split((macro.Delimiters ?? ".").ToCharArray());
        if (macro.Reverse)
        {
            Array.Reverse(parts);
        }
        int take = macro.Parts == 0 ? parts.Length : Math.Min(macro.Parts, parts.Length);
        return string.Join('.', parts, parts.Length - take, take);
    }

    /// <summary>The <c>i</c> form: dotted quad for IPv4, 32 dot-separated nibbles for IPv6.</summary>
    public static string DottedAddress(IPAddress ip)
    {
        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ip.ToString();
        }
        return string.Create(63, ip, static (span, address) =>
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            for (int n = 0; n < 32; n++)
            {
                int nibble = (n & 1) == 0 ? b[n >> 1] >> 4 : b[n >> 1] & 0xF;
                span[n * 2] = "0123456789abcdef"[nibble];
                if (n < 31)
                {
                    span[n * 2 + 1] = '.';
                }
            }
        });
    }
}
