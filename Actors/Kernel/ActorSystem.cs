using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sift.Actors.Kernel;

/// <summary>
/// A named hierarchy of actors: top-level actors live under the <c>/user</c> guardian. Owns the
/// time source, the event stream, dead letters, the scheduler and the counters.
/// <see cref="TerminateAsync"/> stops every actor (children before parents) and waits.
/// </summary>
public sealed partial class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextName;
    private int _terminateRequested;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Throughput);
        Name = name;
        Options = options;
        Throughput = options.Throughput;
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        Log = LoggerFactory.CreateLogger("Sift.Actors.Kernel");
        Metrics = new ActorSystemMetrics();
        EventStream = new EventStream(Metrics);
        Scheduler = new Scheduler(TimeProvider);
        var root = new RootRef(this);
        DeadLettersRef = new DeadLettersActorRef(this);
        var guardianProps = Props.Create(static () => new GuardianActor())
            .WithSupervisorStrategy(options.GuardianSupervisorStrategy ?? SupervisorStrategy.Default);
        _guardian = new ActorCell(this, root, guardianProps, "user");
        _guardian.Start();
    }

    /// <summary>The system's name (part of every path).</summary>
    public string Name { get; }

    /// <summary>The options the system was created with.</summary>
    public ActorSystemOptions Options { get; }

    /// <summary>The only source of time for the kernel.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The logger factory actors may use too.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Publish/subscribe by type; dead letters and unhandled messages appear here.</summary>
    public EventStream EventStream { get; }

    /// <summary>Where undeliverable messages go; telling it publishes a <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters => DeadLettersRef;

    /// <summary>Delayed and periodic Tells on <see cref="TimeProvider"/>.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Counters since start.</summary>
    public ActorSystemMetrics Metrics { get; }

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal int Throughput { get; }

    internal ILogger Log { get; }

    internal DeadLettersActorRef DeadLettersRef { get; }

    /// <summary>Creates a system.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains '/'.</exception>
    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A system name is non-empty and has no '/'.", nameof(name));
        }
        return new ActorSystem(name, options ?? new ActorSystemOptions());
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <exception cref="InvalidActorNameException">The name is malformed or taken.</exception>
    /// <exception cref="InvalidOperationException">The system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _guardian.ActorOf(props, name);

    /// <summary>Stops a top-level actor, or any actor from outside the hierarchy.</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is LocalActorRef local && ReferenceEquals(local.Cell.ParentRef, _guardian.Self))
        {
            _guardian.StopChild(local);
        }
        else if (actor is IInternalActorRef internalRef)
        {
            internalRef.SendSystemMessage(new Terminate());
        }
    }

    /// <summary>
    /// Stops every actor (each finishes its current message; children stop before their parent;
    /// queued messages become dead letters) and waits up to <paramref name="timeout"/>, measured on
    /// <see cref="TimeProvider"/>. Returns false, after logging, when the timeout passed first.
    /// </summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0)
        {
            _guardian.Self.SendSystemMessage(new Terminate());
        }
        try
        {
            await _terminated.Task.WaitAsync(timeout, TimeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            KernelLog.TerminateTimedOut(Log, Name, timeout);
            return false;
        }
    }

    /// <summary>Terminates the system, waiting up to 10 seconds (see <see cref="TerminateAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await TerminateAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);

    internal string NextAnonymousName()
    {
        var n = (ulong)Interlocked.Increment(ref _nextName);
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = "abcdefghijklmnopqrstuvwxyz234567"[(int)(n & 31)];
            n >>= 5;
        }
        while (n != 0);
        buffer[--i] = '$';
        return new string(buffer[i..]);
    }

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        if (message is TimerEntry)
        {
            return;
        }
        Metrics.OnDeadLetter();
        if (Log.IsEnabled(LogLevel.Debug))
        {
            KernelLog.DeadLetter(Log, message.GetType().Name, sender?.Path ?? "nobody", recipient.Path);
        }
        if (message is DeadLetter)
        {
            // A dead letter about a dead letter (e.g. to a stopped subscriber) is counted, never republished.
            return;
        }
        EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    internal void RejectOverloaded(object message, IActorRef? sender, IActorRef recipient, OverloadReason reason, int limit)
    {
        Metrics.OnOverloaded();
        if (Log.IsEnabled(LogLevel.Debug))
        {
            KernelLog.Overloaded(Log, recipient.Path, message.GetType().Name, reason, limit);
        }
        sender?.Tell(new Overloaded(message, recipient, reason, limit), recipient);
        PublishDeadLetter(message, sender, recipient);
    }

    internal void PublishUnhandled(object message, IActorRef? sender, IActorRef recipient)
    {
        Metrics.OnUnhandled();
        if (Log.IsEnabled(LogLevel.Debug))
        {
            KernelLog.Unhandled(Log, recipient.Path, message.GetType().Name);
        }
        EventStream.Publish(new UnhandledMessage(message, sender, recipient));
    }

    internal void LogChildFailure(LocalActorRef child, Exception cause, Directive directive, bool limitReached)
    {
        if (limitReached)
        {
            KernelLog.RestartLimitReached(Log, child.Path, cause);
        }
        else if (directive == Directive.Resume)
        {
            KernelLog.ChildResumed(Log, child.Path, cause);
        }
        else
        {
            KernelLog.ChildFailed(Log, child.Path, directive, cause);
        }
    }

    internal void LogHookFailure(IActorRef actor, string hook, Exception e) => KernelLog.HookFailed(Log, actor.Path, hook, e);

    internal void LogFailureWhileStopping(IActorRef actor, Exception e) => KernelLog.FailedWhileStopping(Log, actor.Path, e);

    /// <summary>Parent of the guardian: ends the system when the guardian stops, and stops it if it fails.</summary>
    internal sealed class RootRef(ActorSystem system) : IInternalActorRef
    {
        public string Path { get; } = $"sift://{system.Name}";

        public ActorSystem System => system;

        public void Tell(object message, IActorRef? sender = null) => system.PublishDeadLetter(message, sender, this);

        public void SendSystemMessage(SystemMessage message)
        {
            switch (message)
            {
                case Failed failed:
                    KernelLog.GuardianFailed(system.Log, system.Name, failed.Cause);
                    Interlocked.Exchange(ref system._terminateRequested, 1);
                    failed.Child.SendSystemMessage(new Terminate());
                    break;
                case DeathWatchNotification:
                    system._terminated.TrySetResult();
                    break;
            }
        }

        public override string ToString() => $"[{Path}]";
    }

    /// <summary>The <c>/user</c> guardian: parent of top-level actors; it handles nothing itself.</summary>
    private sealed class GuardianActor : ActorBase;
}
