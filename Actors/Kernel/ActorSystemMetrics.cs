namespace Sift.Actors.Kernel;

/// <summary>Counters of an actor system since it started (each read is a snapshot of one counter).</summary>
public sealed class ActorSystemMetrics
{
    private long _deadLetters;
    private long _overloaded;
    private long _unhandled;
    private long _failures;
    private long _restarts;
    private long _actorsStarted;
    private long _actorsStopped;
    private long _asksPending;
    private long _eventsPublished;

    /// <summary>Messages that could not be delivered (includes overloaded ones).</summary>
    public long DeadLetters => Volatile.Read(ref _deadLetters);

    /// <summary>Messages refused by a full bounded mailbox or a pool's in-flight bound.</summary>
    public long Overloaded => Volatile.Read(ref _overloaded);

    /// <summary>Messages no handler took.</summary>
    public long Unhandled => Volatile.Read(ref _unhandled);

    /// <summary>Actor failures reported to supervisors.</summary>
    public long Failures => Volatile.Read(ref _failures);

    /// <summary>Completed restarts.</summary>
    public long Restarts => Volatile.Read(ref _restarts);

    /// <summary>Actors whose PreStart completed.</summary>
    public long ActorsStarted => Volatile.Read(ref _actorsStarted);

    /// <summary>Actors that terminated.</summary>
    public long ActorsStopped => Volatile.Read(ref _actorsStopped);

    /// <summary>Asks waiting for an answer (0 when every ask was answered, timed out or cancelled).</summary>
    public long AsksPending => Volatile.Read(ref _asksPending);

    /// <summary>Events published on the event stream.</summary>
    public long EventsPublished => Volatile.Read(ref _eventsPublished);

    internal void OnDeadLetter() => Interlocked.Increment(ref _deadLetters);

    internal void OnOverloaded() => Interlocked.Increment(ref _overloaded);

    internal void OnUnhandled() => Interlocked.Increment(ref _unhandled);

    internal void OnFailure() => Interlocked.Increment(ref _failures);

    internal void OnRestart() => Interlocked.Increment(ref _restarts);

    internal void OnActorStarted() => Interlocked.Increment(ref _actorsStarted);

    internal void OnActorStopped() => Interlocked.Increment(ref _actorsStopped);

    internal void OnAskStarted() => Interlocked.Increment(ref _asksPending);

    internal void OnAskFinished() => Interlocked.Decrement(ref _asksPending);

    internal void OnPublished() => Interlocked.Increment(ref _eventsPublished);
}
