namespace Sift.Actors.Kernel;

/// <summary>
/// A kernel message that overtakes user messages. Each instance is queued once: the
/// mailbox links them through <see cref="Next"/> so queueing one allocates nothing more.
/// </summary>
internal abstract class SystemMessage
{
    internal SystemMessage? Next;
}

/// <summary>First message of every actor: construct it and run PreStart.</summary>
internal sealed class Create : SystemMessage;

/// <summary>Stop: children first, then PostStop, then watchers are told.</summary>
internal sealed class Terminate : SystemMessage;

/// <summary>Stop processing user messages until a matching <see cref="Resume"/>.</summary>
internal sealed class Suspend : SystemMessage;

/// <summary>Undo one suspension (a supervisor's Resume, or a parent's resumption).</summary>
internal sealed class Resume(Exception? cause) : SystemMessage
{
    public Exception? Cause { get; } = cause;
}

/// <summary>Restart: replace the actor instance, keep the mailbox.</summary>
internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>A child tells its parent that it failed and is suspended, waiting for a directive.</summary>
internal sealed class Failed(IInternalActorRef child, Exception cause) : SystemMessage
{
    public IInternalActorRef Child { get; } = child;
    public Exception Cause { get; } = cause;
}

/// <summary>The watcher asks the watchee to tell it when it terminates.</summary>
internal sealed class Watch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watchee { get; } = watchee;
    public IInternalActorRef Watcher { get; } = watcher;
}

/// <summary>The watcher withdraws a <see cref="Watch"/>.</summary>
internal sealed class Unwatch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watchee { get; } = watchee;
    public IInternalActorRef Watcher { get; } = watcher;
}

/// <summary>The watchee (or a child, to its parent) has terminated.</summary>
internal sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
    public bool ExistenceConfirmed { get; } = existenceConfirmed;
}
