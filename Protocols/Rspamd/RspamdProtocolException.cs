namespace Sift.Protocols.Rspamd;

/// <summary>Why a conversation with rspamd failed without an answer.</summary>
public enum RspamdProtocolError
{
    /// <summary>rspamd could not be reached (refused, unreachable).</summary>
    Unreachable,
    /// <summary>The connection broke before a full answer arrived.</summary>
    ConnectionLost,
    /// <summary>The answer is not rspamd's HTTP or JSON.</summary>
    BadAnswer,
    /// <summary>The answer is larger than the client's limit.</summary>
    TooLarge,
}

/// <summary>
/// rspamd could not be used: unreachable, the connection broke, or the answer is not rspamd's
/// JSON. Compare <see cref="RspamdCommandException"/>, where rspamd answered with an error status.
/// </summary>
public sealed class RspamdProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RspamdProtocolException(RspamdProtocolError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    /// <summary>What went wrong.</summary>
    public RspamdProtocolError Error { get; }
}
