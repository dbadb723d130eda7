using Microsoft.Extensions.Logging;

namespace Sift.Actors.Kernel;

/// <summary>The kernel's log messages (category <c>Sift.Actors.Kernel</c>, event ids 1000–1099).</summary>
internal static partial class KernelLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Actor {Actor} failed; supervisor decided {Directive}")]
    public static partial void ChildFailed(ILogger logger, string actor, Directive directive, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Actor {Actor} failed; supervisor resumed it")]
    public static partial void ChildResumed(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Actor {Actor} failed and exceeded its restart limit; stopping it")]
    public static partial void RestartLimitReached(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Actor {Actor} threw in {Hook}")]
    public static partial void HookFailed(ILogger logger, string actor, string hook, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Actor {Actor} failed while stopping")]
    public static partial void FailedWhileStopping(ILogger logger, string actor, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Critical, Message = "The user guardian of system {System} failed (a top-level actor escalated); the system terminates")]
    public static partial void GuardianFailed(ILogger logger, string system, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Dead letter {MessageType} from {Sender} to {Recipient}")]
    public static partial void DeadLetter(ILogger logger, string messageType, string sender, string recipient);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Actor {Recipient} refused {MessageType}: {Reason} (limit {Limit})")]
    public static partial void Overloaded(ILogger logger, string recipient, string messageType, OverloadReason reason, int limit);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Actor {Recipient} did not handle {MessageType}")]
    public static partial void Unhandled(ILogger logger, string recipient, string messageType);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "System {System} did not terminate within {Timeout}")]
    public static partial void TerminateTimedOut(ILogger logger, string system, TimeSpan timeout);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Pool {Pool} dropped {MessageType}: it has no hash key (implement IConsistentHashable or give the pool a hash mapping)")]
    public static partial void NoHashKey(ILogger logger, string pool, string messageType);
}
