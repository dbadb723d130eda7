namespace Sift.Protocols.Spamc;

/// <summary>
/// The status line and headers of a SPAMD answer:
/// <code>
/// SPAMD/1.1 0 EX_OK\r\n
/// Content-length: 68\r\n
/// Spam: True ; 1000.0 / 5.0\r\n
/// \r\n
/// </code>
/// </summary>
public readonly record struct SpamdAnswerHead
{
    /// <summary>The protocol version on the status line, e.g. <c>1.1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The EX_ code; 0 is success.</summary>
    public required int Code { get; init; }

    /// <summary>The text after the code: <c>EX_OK</c>, <c>PONG</c>, <c>Bad header line: …</c>.</summary>
    public required string StatusMessage { get; init; }

    /// <summary>The body length announced by <c>Content-length</c>; null when absent.</summary>
    public long? ContentLength { get; init; }

    /// <summary>True when a <c>Spam:</c> header was present.</summary>
    public bool HasSpamHeader { get; init; }

    /// <summary>The verdict: <c>True</c>/<c>Yes</c> in the <c>Spam:</c> header.</summary>
    public bool IsSpam { get; init; }

    /// <summary>The message's score.</summary>
    public double Score { get; init; }

    /// <summary>The score at or above which spamd calls the message spam.</summary>
    public double Threshold { get; init; }
}
