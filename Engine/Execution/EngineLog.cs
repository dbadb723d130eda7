using Microsoft.Extensions.Logging;
using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>The engine's log messages (event ids 5000–5099).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Batch answered {Verdict} score {Score} ({Checks} checks, {ElapsedMs} ms, {End})")]
    public static partial void BatchAnswered(ILogger logger, Verdict verdict, double score, int checks, double elapsedMs, BatchEnd end);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Late answer for check {Name} ({Kind}) dropped: it had already ended")]
    public static partial void LateAnswer(ILogger logger, string name, string kind);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Check kind {Kind} registered: {PoolSize} actors, {MaxInFlight} in flight each")]
    public static partial void KindRegistered(ILogger logger, string kind, int poolSize, int maxInFlight);
}
