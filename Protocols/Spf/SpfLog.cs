using System.Net;
using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Spf;

/// <summary>Log events of SPF and DMARC evaluation (ids 7200–7299). Protocol detail goes to Debug.</summary>
internal static partial class SpfLog
{
    [LoggerMessage(EventId = 7201, Level = LogLevel.Debug, Message = "SPF {Result} for {Domain} from {Ip}: {Problem}")]
    public static partial void CheckError(ILogger logger, string result, string domain, IPAddress ip, string? problem);

    [LoggerMessage(EventId = 7251, Level = LogLevel.Debug, Message = "DMARC discovery for {Domain} ended in {Status}: {Problem}")]
    public static partial void DiscoveryError(ILogger logger, string domain, string status, string? problem);
}
