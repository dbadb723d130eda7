using System.Globalization;
using System.Text;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

/// <summary>
/// A configured SMTP reply, <c>"550 5.7.1 Message rejected as spam"</c>: a code, an optional
/// enhanced status code and a text in which <c>{reason}</c> stands for the verdict's first
/// reason (without the placeholder the reason is appended after a colon).
/// </summary>
public sealed record SmtpReplyTemplate(int Code, string? EnhancedCode, string Text)
{
    /// <summary>Longest reason put into a reply.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>Parses <paramref name="text"/>; <paramref name="codeClass"/> is the required first digit (4 or 5).</summary>
    public static bool TryParse(string? text, int codeClass, out SmtpReplyTemplate? template, out string? error)
    {
        template = null;
        error = null;
        var t = (text ?? "").Trim();
        if (t.Length < 3 || !int.TryParse(t.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code / 100 != codeClass)
        {
            error = $"'{text}' does not start with a {codeClass}xx code";
            return false;
        }
        var rest = t[3..].TrimStart();
        string? enhanced = null;
        var space = rest.IndexOf(' ');
        var first = space < 0 ? rest : rest[..space];
        if (first.Length >= 5 && first[0] == (char)('0' + codeClass) && first[1] == '.' && first.AsSpan().IndexOfAnyExcept("0123456789.") < 0)
        {
            enhanced = first;
            rest = space < 0 ? "" : rest[(space + 1)..].TrimStart();
        }
        if (rest.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            error = $"'{text}' contains a line break or NUL";
            return false;
        }
        template = new SmtpReplyTemplate(code, enhanced, rest);
        return true;
    }

    /// <summary>The milter reply for <paramref name="reason"/> (cleaned: one line, at most <see cref="MaxReasonLength"/> characters).</summary>
    public MilterResponse Render(string? reason)
    {
        var clean = Clean(reason);
        string text;
        if (Text.Contains("{reason}", StringComparison.Ordinal))
        {
            text = Text.Replace("{reason}", clean, StringComparison.Ordinal);
        }
        else
        {
            text = clean.Length == 0 ? Text : Text.Length == 0 ? clean : $"{Text}: {clean}";
        }
        return MilterResponse.Reply(Code, EnhancedCode, text);
    }

    /// <summary>One printable line: control characters and '%' (an escape for some MTAs) become spaces; long text is cut.</summary>
    public static string Clean(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "";
        }
        var builder = new StringBuilder(Math.Min(reason.Length, MaxReasonLength));
        foreach (var c in reason)
        {
            if (builder.Length >= MaxReasonLength)
            {
                break;
            }
            builder.Append(char.IsControl(c) || c == '%' ? ' ' : c);
        }
        return builder.ToString().Trim();
    }

    /// <inheritdoc />
    public override string ToString() => EnhancedCode is null ? $"{Code} {Text}" : $"{Code} {EnhancedCode} {Text}";
}
