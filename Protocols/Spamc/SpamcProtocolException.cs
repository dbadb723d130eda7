namespace Sift.Protocols.Spamc;

/// <summary>Why a conversation with spamd became unusable.</summary>
public enum SpamcProtocolError
{
    /// <summary>spamd could not be reached (refused, unreachable, bad address).</summary>
    Unreachable,
    /// <summary>The connection closed or was reset before a full answer arrived.</summary>
    ConnectionLost,
    /// <summary>The status line is not <c>SPAMD/x.y code message</c>.</summary>
    BadStatusLine,
    /// <summary>A header line is malformed or a header value cannot be read.</summary>
    BadHeader,
    /// <summary>The answer's headers or body exceed the client's limits.</summary>
    TooLarge,
    /// <summary>The answer lacks something its verb requires (e.g. no <c>Spam:</c> header).</summary>
    MissingField,
}

/// <summary>
/// The connection to spamd is unusable: unreachable, reset, or an answer that is not SPAMD.
/// Compare <see cref="SpamcCommandException"/>, where spamd answered properly and refused.
/// </summary>
public sealed class SpamcProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpamcProtocolException(SpamcProtocolError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    /// <summary>What went wrong.</summary>
    public SpamcProtocolError Error { get; }
}
