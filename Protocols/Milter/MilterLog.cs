using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Milter;

/// <summary>The milter library's log lines, with stable event ids (3100–3199).</summary>
internal static partial class MilterLog
{
    [LoggerMessage(3100, LogLevel.Information, "Milter listening on {Address}")]
    public static partial void Listening(this ILogger logger, string address);

    [LoggerMessage(3101, LogLevel.Information, "Milter on {Address} stopped; {Remaining} session(s) answered tempfail after the grace period")]
    public static partial void Stopped(this ILogger logger, string address, int remaining);

    [LoggerMessage(3102, LogLevel.Warning, "Milter connection from {Peer} refused: {Limit} simultaneous connections (answered tempfail)")]
    public static partial void TooManyConnections(this ILogger logger, string peer, int limit);

    [LoggerMessage(3103, LogLevel.Warning, "Milter session {Session} from {Peer} ended: {Reason}")]
    public static partial void ProtocolError(this ILogger logger, long session, string peer, string reason);

    [LoggerMessage(3104, LogLevel.Error, "Milter callback {Stage} threw on session {Session}; answered {Response}")]
    public static partial void CallbackFailed(this ILogger logger, Exception exception, MilterCommand stage, long session, MilterResponse response);

    [LoggerMessage(3105, LogLevel.Warning, "Milter session {Session} from {Peer} timed out waiting for a command ({Timeout})")]
    public static partial void CommandTimedOut(this ILogger logger, long session, string peer, TimeSpan timeout);

    [LoggerMessage(3106, LogLevel.Debug, "Milter session {Session} from {Peer}: connection lost ({Reason})")]
    public static partial void ConnectionLost(this ILogger logger, long session, string peer, string reason);

    [LoggerMessage(3107, LogLevel.Warning, "Milter session {Session} from {Peer} reached {Limit} requests; answered tempfail and closed")]
    public static partial void TooManyRequests(this ILogger logger, long session, string peer, long limit);

    [LoggerMessage(3108, LogLevel.Warning, "Milter negotiation on session {Session}: the MTA does not offer {Missing}")]
    public static partial void ActionsNotOffered(this ILogger logger, long session, MilterActions missing);

    [LoggerMessage(3110, LogLevel.Information, "Milter session {Session} from {Peer}: the new SMTP session needs protocol {Wanted}, the connection agreed {Agreed}; closed so that the MTA negotiates again")]
    public static partial void RenegotiationNeeded(this ILogger logger, long session, string peer, MilterProtocolFlags agreed, MilterProtocolFlags wanted);

    [LoggerMessage(3109, LogLevel.Error, "Milter accept loop on {Address} failed")]
    public static partial void AcceptFailed(this ILogger logger, Exception exception, string address);
}
