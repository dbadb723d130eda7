namespace Sift.Protocols.Milter;

/// <summary>What a callback's answer tells the MTA.</summary>
public enum MilterResponseKind : byte
{
    /// <summary>Go on to the next stage (<c>SMFIS_CONTINUE</c>).</summary>
    Continue,
    /// <summary>Accept without further callbacks for this message (or connection).</summary>
    Accept,
    /// <summary>Reject: the MTA answers its default 5xx.</summary>
    Reject,
    /// <summary>Temporary failure: the MTA answers its default 4xx.</summary>
    TempFail,
    /// <summary>Accept and silently drop the message.</summary>
    Discard,
    /// <summary>Send no more body chunks (body stage only; continue where the MTA cannot skip).</summary>
    Skip,
    /// <summary>A custom SMTP reply (4xx tempfails, 5xx rejects).</summary>
    Reply,
}

/// <summary>
/// A callback's answer. Use the static members: <see cref="Continue"/>, <see cref="Accept"/>,
/// <see cref="Reject"/>, <see cref="TempFail"/>, <see cref="Discard"/>, <see cref="Skip"/> or
/// <see cref="Reply(int, string?, string)"/> for a custom (possibly multi-line) SMTP reply.
/// </summary>
public readonly record struct MilterResponse
{
    private MilterResponse(MilterResponseKind kind, string? smtpReply = null)
    {
        Kind = kind;
        SmtpReply = smtpReply;
    }

    /// <summary>The kind of answer.</summary>
    public MilterResponseKind Kind { get; }

    /// <summary>For <see cref="MilterResponseKind.Reply"/>: the full reply text sent in <c>SMFIR_REPLYCODE</c>.</summary>
    public string? SmtpReply { get; }

    /// <summary>Go on.</summary>
    public static MilterResponse Continue => new(MilterResponseKind.Continue);

    /// <summary>Accept with no further callbacks.</summary>
    public static MilterResponse Accept => new(MilterResponseKind.Accept);

    /// <summary>Reject with the MTA's default 5xx.</summary>
    public static MilterResponse Reject => new(MilterResponseKind.Reject);

    /// <summary>Temporary failure with the MTA's default 4xx.</summary>
    public static MilterResponse TempFail => new(MilterResponseKind.TempFail);

    /// <summary>Accept and drop.</summary>
    public static MilterResponse Discard => new(MilterResponseKind.Discard);

    /// <summary>Skip the rest of the body.</summary>
    public static MilterResponse Skip => new(MilterResponseKind.Skip);

    /// <summary>
    /// A custom SMTP reply: <paramref name="code"/> 4xx or 5xx, an optional enhanced status code
    /// ("5.7.1", whose class must match the code) and the text; a text with line breaks becomes a
    /// multi-line reply ("550-5.7.1 first", …, "550 5.7.1 last").
    /// </summary>
    /// <exception cref="ArgumentException">A code outside 400–599, a mismatched enhanced code, or NUL in the text.</exception>
    public static MilterResponse Reply(int code, string? enhancedCode, string text) =>
        Reply(code, enhancedCode, text.ReplaceLineEndings("\n").Split('\n'));

    /// <summary>A custom multi-line SMTP reply, one entry per line.</summary>
    /// <exception cref="ArgumentException">A code outside 400–599, a mismatched enhanced code, or CR/LF/NUL in a line.</exception>
    public static MilterResponse Reply(int code, string? enhancedCode, IReadOnlyList<string> lines)
    {
        if (code is < 400 or > 599)
        {
            throw new ArgumentException("A milter reply code must be 4xx or 5xx.", nameof(code));
        }
        if (enhancedCode is not null && (enhancedCode.Length < 5 || enhancedCode[0] != (char)('0' + code / 100) ||
            enhancedCode[1] != '.' || enhancedCode.AsSpan().IndexOfAnyExcept("0123456789.") >= 0))
        {
            throw new ArgumentException($"Enhanced status code '{enhancedCode}' does not match {code}.", nameof(enhancedCode));
        }
        if (lines.Count == 0)
        {
            lines = [""];
        }
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                throw new ArgumentException("A reply line cannot contain CR, LF or NUL.", nameof(lines));
            }
            if (i > 0) { text.Append("\r\n"); }
            text.Append(code).Append(i == lines.Count - 1 ? ' ' : '-');
            if (enhancedCode is not null) { text.Append(enhancedCode).Append(' '); }
            text.Append(line);
        }
        return new MilterResponse(MilterResponseKind.Reply, text.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => Kind == MilterResponseKind.Reply ? $"Reply({SmtpReply})" : Kind.ToString();
}
