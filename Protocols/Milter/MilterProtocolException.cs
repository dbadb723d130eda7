using System.Diagnostics.CodeAnalysis;

namespace Sift.Protocols.Milter;

/// <summary>Why a milter packet or conversation can never become valid.</summary>
public enum MilterProtocolError
{
    /// <summary>The length field is zero: a packet always has a command byte.</summary>
    EmptyPacket,
    /// <summary>The length field is larger than the configured maximum.</summary>
    PacketTooLarge,
    /// <summary>The command byte is not a milter command.</summary>
    UnknownCommand,
    /// <summary>The command is not allowed in the current stage.</summary>
    UnexpectedCommand,
    /// <summary>A field is missing, truncated or not NUL-terminated.</summary>
    MalformedData,
    /// <summary>The connect family is not 4, 6, L or U.</summary>
    UnknownFamily,
    /// <summary>The MTA offers a protocol version older than 2.</summary>
    UnsupportedVersion,
    /// <summary>The peer closed the connection in the middle of a packet.</summary>
    TruncatedPacket,
    /// <summary>The peer's reply is not one the protocol allows here.</summary>
    UnexpectedReply,
}

/// <summary>
/// The peer sent bytes that can never become a valid milter conversation: the connection is
/// unusable and is closed. Only that one session is affected.
/// </summary>
public sealed class MilterProtocolException : Exception
{
    private const int MaxDetailLength = 120;

    /// <summary>Creates the exception for <paramref name="reason"/> with an escaped, truncated detail.</summary>
    public MilterProtocolException(MilterProtocolError reason, string? detail = null)
        : base(Describe(reason, detail))
    {
        Reason = reason;
    }

    /// <summary>Why the input was rejected.</summary>
    public MilterProtocolError Reason { get; }

    /// <summary>The one throw helper every rejection goes through.</summary>
    /// <exception cref="MilterProtocolException">Always.</exception>
    [DoesNotReturn]
    public static void Throw(MilterProtocolError reason, string? detail = null) =>
        throw new MilterProtocolException(reason, detail);

    private static string Describe(MilterProtocolError reason, string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return $"milter protocol error: {reason}";
        }
        var text = detail.Length > MaxDetailLength ? detail[..MaxDetailLength] + "…" : detail;
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < 0x20 || c == 0x7f) { escaped.Append($"\\x{(int)c:x2}"); } else { escaped.Append(c); }
        }
        return $"milter protocol error: {reason}: {escaped}";
    }
}
