namespace Sift.Protocols.Clamd;

/// <summary>Why a conversation with clamd could not be completed.</summary>
public enum ClamdFailure
{
    /// <summary>The socket could not be opened (refused, no such socket file, unreachable).</summary>
    ConnectFailed,
    /// <summary>The connection broke (reset, closed) before a complete reply arrived.</summary>
    ConnectionLost,
    /// <summary>The per-operation timeout expired.</summary>
    TimedOut,
    /// <summary>The reply was longer than the configured bound without its NUL terminator.</summary>
    ReplyTooLong,
    /// <summary>The reply was complete but is not one clamd gives to this command.</summary>
    MalformedReply,
}

/// <summary>
/// The connection to clamd is unusable: it could not be opened, broke, timed out or carried
/// a reply that is not clamd's. Scan outcomes (clean, virus, a scan error reported by clamd)
/// are never exceptions: they are <see cref="ClamdScanResult"/> values.
/// </summary>
public sealed class ClamdProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClamdProtocolException(ClamdFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What went wrong.</summary>
    public ClamdFailure Failure { get; }

    internal static ClamdProtocolException Create(ClamdFailure failure, string address, string detail, Exception? inner = null)
        => new(failure, $"clamd at {address}: {Describe(failure)}{(detail.Length == 0 ? "" : ": " + Truncate(detail))}", inner);

    private static string Describe(ClamdFailure failure) => failure switch
    {
        ClamdFailure.ConnectFailed => "cannot connect",
        ClamdFailure.ConnectionLost => "connection lost before a complete reply",
        ClamdFailure.TimedOut => "timed out",
        ClamdFailure.ReplyTooLong => "reply too long",
        _ => "malformed reply",
    };

    // Replies come from the network: keep them short and printable in logs and SMTP texts.
    private static string Truncate(string detail)
    {
        Span<char> buffer = stackalloc char[Math.Min(detail.Length, 200)];
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = detail[i];
            buffer[i] = c is >= ' ' and < (char)0x7f ? c : '?';
        }
        return detail.Length > buffer.Length ? new string(buffer) + "…" : new string(buffer);
    }
}
