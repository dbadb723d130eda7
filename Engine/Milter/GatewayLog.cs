using Microsoft.Extensions.Logging;

namespace Sift.Engine.Milter;

/// <summary>The gateway's log lines (event ids 4001–4099).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "{QueueId}: client={Client} verdict={Verdict} action={Action} score={Score:0.0} stage={Stage} reasons=[{Reasons}] duration={DurationMs:0}ms")]
    public static partial void Decided(ILogger logger, string queueId, string client, string verdict, string action, double score, string stage, string reasons, double durationMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{QueueId}: the checks of stage {Stage} failed: {Error}; answering {Response}")]
    public static partial void BatchFailed(ILogger logger, string queueId, string stage, string error, string response);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "{QueueId}: the milter session for {Client} stopped or failed with an answer owed; answering {Response}")]
    public static partial void AnsweredOnStop(ILogger logger, string queueId, string client, string response);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "{QueueId}: the milter session for {Client} stopped with its checks pending after the connection was closed or answered tempfail by the server's shutdown; nothing more to answer")]
    public static partial void OwedAnswerGone(ILogger logger, string queueId, string client);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Milter policy loaded: {Checks} check(s) ({Stages})")]
    public static partial void PolicyLoaded(ILogger logger, int checks, string stages);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "New configuration refused, the running policy stays: {Errors}")]
    public static partial void ReloadRefused(ILogger logger, string errors);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Milter gateway listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Milter gateway stopping: sessions in flight have {GraceMs:0} ms to finish")]
    public static partial void Stopping(ILogger logger, double graceMs);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Deleted {Count} spool file(s) left by processes that are gone, in {Directory}")]
    public static partial void LeftoversDeleted(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "{QueueId}: message of {Bytes} bytes is over the limit of {Limit} bytes: {Reply}")]
    public static partial void TooLarge(ILogger logger, string queueId, long bytes, long limit, string reply);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Check {Check} is of kind {Kind}, which the engine does not run (no backend or resolver configured for it): it will end in error")]
    public static partial void KindMissing(ILogger logger, string check, string kind);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "{QueueId}: spooling failed: {Error}")]
    public static partial void SpoolFailed(ILogger logger, string queueId, string error);
}
