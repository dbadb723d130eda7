using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Process;

internal static partial class ProcessLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "{FileName} exited with {ExitCode} in {ElapsedMs} ms")]
    public static partial void Exited(ILogger logger, string fileName, int exitCode, long elapsedMs);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "{FileName}: killed with its children after {ElapsedMs} ms ({Why})")]
    public static partial void Killed(ILogger logger, string fileName, long elapsedMs, string why);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "{FileName}: cannot start ({Outcome}): {Error}")]
    public static partial void NotStarted(ILogger logger, string fileName, ProcessOutcome outcome, string error);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Debug, Message = "{FileName}: output pipes still open {DrainMs} ms after exit; abandoned")]
    public static partial void DrainAbandoned(ILogger logger, string fileName, long drainMs);
}
