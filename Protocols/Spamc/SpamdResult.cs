namespace Sift.Protocols.Spamc;

/// <summary>What spamd answered to a scanning verb.</summary>
public sealed record SpamdResult
{
    /// <summary>The verb that was sent.</summary>
    public required SpamcCommand Command { get; init; }

    /// <summary>The verdict from the <c>Spam:</c> header.</summary>
    public required bool IsSpam { get; init; }

    /// <summary>The message's score.</summary>
    public required double Score { get; init; }

    /// <summary>The score at or above which the message is spam.</summary>
    public required double Threshold { get; init; }

    /// <summary>The rules hit (SYMBOLS only; empty otherwise).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>The report text (REPORT, REPORT_IFSPAM when spam); null otherwise. Lines end in bare <c>\n</c>.</summary>
    public string? Report { get; init; }

    /// <summary>PROCESS: how many bytes of the rewritten message were copied to the output stream.</summary>
    public long ProcessedLength { get; init; }

    /// <summary>The protocol version on spamd's status line (spamd 4 says <c>1.1</c>).</summary>
    public string ProtocolVersion { get; init; } = "";
}
