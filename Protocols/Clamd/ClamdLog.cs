using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Clamd;

internal static partial class ClamdLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "clamd {Address}: {Command} answered '{Reply}' in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string address, string command, string reply, long elapsedMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "clamd {Address}: {Command} failed ({Failure})")]
    public static partial void Failed(ILogger logger, string address, string command, ClamdFailure failure, Exception exception);
}
