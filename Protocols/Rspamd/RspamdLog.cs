using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Rspamd;

// Protocol noise at Debug; the verdict line belongs to the engine, not to the client.
internal static partial class RspamdLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "rspamd {Address}: {Action} {Score}/{Required}")]
    public static partial void Answered(ILogger logger, string address, string action, double score, double required);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "rspamd {Address} {What} failed: {Error}")]
    public static partial void Failed(ILogger logger, string address, string what, string error);
}
