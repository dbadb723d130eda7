using Microsoft.Extensions.Logging;

namespace Sift.Host;

/// <summary>The executable's own log lines, with stable event ids (6000–6099).</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information,
        Message = "Runtime: socket completions inline {Inline} ({Variable}={Value}), thread-pool spin limit {SpinLimit}")]
    public static partial void Runtime(ILogger logger, string inline, string variable, string value, string spinLimit);
}
