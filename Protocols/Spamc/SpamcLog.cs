using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Spamc;

// Protocol noise at Debug; the verdict line belongs to the engine, not to the client.
internal static partial class SpamcLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "spamd {EndPoint} {Verb}: {IsSpam} {Score}/{Threshold} in {Milliseconds} ms")]
    public static partial void Answered(ILogger logger, string endPoint, string verb, bool isSpam, double score, double threshold, long milliseconds);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "spamd {EndPoint} refused {Verb}: {Code} {StatusMessage}")]
    public static partial void Refused(ILogger logger, string endPoint, string verb, int code, string statusMessage);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "spamd {EndPoint} {Verb} failed: {Error}")]
    public static partial void Failed(ILogger logger, string endPoint, string verb, string error);
}
