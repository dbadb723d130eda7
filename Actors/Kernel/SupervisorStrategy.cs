namespace Sift.Actors.Kernel;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the actor instance and its state; continue with the next message.</summary>
    Resume,

    /// <summary>Replace the actor instance (PreRestart, new instance, PostRestart); the mailbox is kept.</summary>
    Restart,

    /// <summary>Stop the actor; its queued messages become dead letters.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, for its own supervisor to decide.</summary>
    Escalate,
}

/// <summary>
/// Decides what happens to a failed child. Every failure is logged (Error for Restart, Stop
/// and Escalate, Warning for Resume) so nothing dies silently. A restart beyond
/// <see cref="MaxNrOfRetries"/> within <see cref="WithinTimeRange"/> stops the child instead.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>
    /// The default: <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/> and
    /// <see cref="DeathPactException"/> stop the child; any other exception restarts it, without limit.
    /// </summary>
    public static readonly SupervisorStrategy Default = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops the child on any exception.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>Creates a strategy.</summary>
    /// <param name="decider">Maps an exception to a directive.</param>
    /// <param name="maxNrOfRetries">Restarts allowed within the window; negative for no limit.</param>
    /// <param name="withinTimeRange">The window; null means the count never resets.</param>
    protected SupervisorStrategy(Func<Exception, Directive> decider, int maxNrOfRetries, TimeSpan? withinTimeRange)
    {
        ArgumentNullException.ThrowIfNull(decider);
        Decider = decider;
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
    }

    /// <summary>Maps an exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; negative for no limit.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The restart window; null when the count never resets.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>The decider of <see cref="Default"/>.</summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Restarts or stops the failed child only, or all children.</summary>
    private protected abstract void RestartOrStop(ActorCell parent, LocalActorRef child, Exception cause, bool restart);

    internal void HandleFailure(ActorCell parent, LocalActorRef child, Exception cause)
    {
        var directive = Decider(cause);
        var limitReached = false;
        if (directive == Directive.Restart && !RequestRestartPermission(parent.System.TimeProvider, child.Cell))
        {
            directive = Directive.Stop;
            limitReached = true;
        }
        parent.System.LogChildFailure(child, cause, directive, limitReached);
        switch (directive)
        {
            case Directive.Resume:
                parent.ResumeChild(child, cause);
                break;
            case Directive.Escalate:
                parent.Escalate(cause);
                break;
            default:
                RestartOrStop(parent, child, cause, directive == Directive.Restart);
                break;
        }
    }

    private bool RequestRestartPermission(TimeProvider time, ActorCell cell)
    {
        if (MaxNrOfRetries < 0)
        {
            return true;
        }
        var child = cell.Restarts;
        if (WithinTimeRange is not { } window)
        {
            child.Count++;
            return child.Count <= MaxNrOfRetries;
        }
        var now = time.GetTimestamp();
        if (child.Count == 0 || time.GetElapsedTime(child.WindowStart, now) > window)
        {
            child.WindowStart = now;
            child.Count = 1;
        }
        else
        {
            child.Count++;
        }
        return child.Count <= MaxNrOfRetries;
    }
}

/// <summary>Applies the directive to the failed child only.</summary>
/// <param name="decider">Maps an exception to a directive.</param>
/// <param name="maxNrOfRetries">Restarts allowed within the window; negative for no limit.</param>
/// <param name="withinTimeRange">The window; null means the count never resets.</param>
public sealed class OneForOneStrategy(Func<Exception, Directive> decider, int maxNrOfRetries = -1, TimeSpan? withinTimeRange = null)
    : SupervisorStrategy(decider, maxNrOfRetries, withinTimeRange)
{
    private protected override void RestartOrStop(ActorCell parent, LocalActorRef child, Exception cause, bool restart)
    {
        if (restart)
        {
            parent.RestartChild(child, cause, suspendFirst: false);
        }
        else
        {
            parent.StopChild(child);
        }
    }
}

/// <summary>Applies Restart and Stop to every child of the supervisor (Resume and Escalate concern only the failed child).</summary>
/// <param name="decider">Maps an exception to a directive.</param>
/// <param name="maxNrOfRetries">Restarts allowed within the window; negative for no limit.</param>
/// <param name="withinTimeRange">The window; null means the count never resets.</param>
public sealed class AllForOneStrategy(Func<Exception, Directive> decider, int maxNrOfRetries = -1, TimeSpan? withinTimeRange = null)
    : SupervisorStrategy(decider, maxNrOfRetries, withinTimeRange)
{
    private protected override void RestartOrStop(ActorCell parent, LocalActorRef child, Exception cause, bool restart)
    {
        foreach (var sibling in parent.LiveChildren())
        {
            if (restart)
            {
                parent.RestartChild(sibling, cause, suspendFirst: !ReferenceEquals(sibling, child));
            }
            else
            {
                parent.StopChild(sibling);
            }
        }
    }
}
