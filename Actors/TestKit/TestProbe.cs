using System.Diagnostics;
using Sift.Actors.Kernel;

namespace Sift.Actors.TestKit;

/// <summary>
/// An actor reference that queues what it receives, for a test to assert on. Expectations wait
/// in real time (messages arrive from other threads) for at most their timeout, default
/// <see cref="DefaultTimeout"/>, or the time left in an enclosing <see cref="Within(TimeSpan, Action)"/>.
/// They never wait for virtual time: advance the <see cref="VirtualTimeProvider"/> first.
/// </summary>
public sealed class TestProbe : IInternalActorRef
{
    private readonly Queue<(object Message, IActorRef? Sender)> _queue = new();
    private readonly ActorSystem _system;
    private long _deadline = -1;

    internal TestProbe(ActorSystem system, string name)
    {
        _system = system;
        Path = $"sift://{system.Name}/probe/{name}";
    }

    /// <summary>How long an expectation waits by default.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>This probe as a reference to hand to actors.</summary>
    public IActorRef Ref => this;

    /// <summary>The sender of the last message taken from the queue.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <inheritdoc/>
    public string Path { get; }

    ActorSystem IInternalActorRef.System => _system;

    /// <inheritdoc/>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = ActorRefs.Resolve(sender);
        lock (_queue)
        {
            _queue.Enqueue((message, from));
            Monitor.PulseAll(_queue);
        }
    }

    void IInternalActorRef.SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification dead)
        {
            Tell(new Terminated(dead.Actor, dead.ExistenceConfirmed), ActorRefs.NoSender);
        }
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, this);

    /// <summary>Answers the sender of the last received message, with this probe as sender.</summary>
    /// <exception cref="TestKitAssertionException">No message was received yet.</exception>
    public void Reply(object message) =>
        (LastSender ?? throw new TestKitAssertionException($"{Path} has no last sender to reply to.")).Tell(message, this);

    /// <summary>Watches <paramref name="target"/>: its death arrives here as <see cref="Terminated"/>.</summary>
    public IActorRef Watch(IActorRef target)
    {
        ((IInternalActorRef)target).SendSystemMessage(new Kernel.Watch((IInternalActorRef)target, this));
        return target;
    }

    /// <summary>Expects the next message to be <see cref="Terminated"/> for <paramref name="target"/>.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => ReferenceEquals(t.ActorRef, target), timeout, $"Terminated for {target.Path}");

    /// <summary>Expects the next message to be a <typeparamref name="T"/> (matching <paramref name="predicate"/> if given).</summary>
    /// <exception cref="TestKitAssertionException">No message in time, or the wrong one.</exception>
    public T ExpectMsg<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null, string? hint = null)
    {
        var limit = Remaining(timeout);
        if (!TryReceive(limit, out var message))
        {
            throw new TestKitAssertionException($"{Path}: timeout ({limit.TotalMilliseconds:0} ms) waiting for {hint ?? typeof(T).Name}.");
        }
        if (message is not T typed)
        {
            throw new TestKitAssertionException($"{Path}: expected {hint ?? typeof(T).Name} but received {Describe(message)}.");
        }
        if (predicate is not null && !predicate(typed))
        {
            throw new TestKitAssertionException($"{Path}: {Describe(message)} does not match the expectation {hint ?? "(predicate)"}.");
        }
        return typed;
    }

    /// <summary>Expects the next message to equal <paramref name="expected"/>.</summary>
    /// <exception cref="TestKitAssertionException">No message in time, or a different one.</exception>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull =>
        ExpectMsg<T>(m => Equals(m, expected), timeout, $"{expected}");

    /// <summary>Expects that no message arrives for <paramref name="duration"/> (default 100 ms of real time).</summary>
    /// <exception cref="TestKitAssertionException">A message arrived.</exception>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        if (TryReceive(duration ?? TimeSpan.FromMilliseconds(100), out var message))
        {
            throw new TestKitAssertionException($"{Path}: expected no message but received {Describe(message)}.");
        }
    }

    /// <summary>Skips messages until a <typeparamref name="T"/> matching <paramref name="isTarget"/> arrives.</summary>
    /// <exception cref="TestKitAssertionException">None arrived in time.</exception>
    public T FishForMessage<T>(Predicate<T>? isTarget = null, TimeSpan? timeout = null)
    {
        var limit = Remaining(timeout);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var skipped = new List<string>();
        while (true)
        {
            var left = TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (!TryReceive(left, out var message))
            {
                throw new TestKitAssertionException(
                    $"{Path}: timeout ({limit.TotalMilliseconds:0} ms) fishing for {typeof(T).Name}; skipped [{string.Join(", ", skipped)}].");
            }
            if (message is T typed && (isTarget is null || isTarget(typed)))
            {
                return typed;
            }
            skipped.Add(Describe(message));
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> messages, of any type.</summary>
    /// <exception cref="TestKitAssertionException">Fewer arrived in time.</exception>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var limit = Remaining(timeout);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var received = new List<object>(count);
        while (received.Count < count)
        {
            var left = TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (!TryReceive(left, out var message))
            {
                throw new TestKitAssertionException($"{Path}: received {received.Count} of {count} messages within {limit.TotalMilliseconds:0} ms.");
            }
            received.Add(message);
        }
        return received;
    }

    /// <summary>Runs <paramref name="action"/>, whose expectations share the budget <paramref name="max"/>, and asserts it finished in time.</summary>
    /// <exception cref="TestKitAssertionException">It took longer than <paramref name="max"/>.</exception>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, () =>
    {
        action();
        return true;
    });

    /// <summary>Runs <paramref name="action"/> and asserts that it took between <paramref name="min"/> and <paramref name="max"/> (real time).</summary>
    /// <exception cref="TestKitAssertionException">It was faster than <paramref name="min"/> or slower than <paramref name="max"/>.</exception>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var start = Stopwatch.GetTimestamp();
        var outer = _deadline;
        var deadline = start + (long)(max.TotalSeconds * Stopwatch.Frequency);
        _deadline = outer >= 0 ? Math.Min(outer, deadline) : deadline;
        try
        {
            var result = action();
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed > max)
            {
                throw new TestKitAssertionException($"{Path}: block took {elapsed.TotalMilliseconds:0} ms, more than {max.TotalMilliseconds:0} ms.");
            }
            if (elapsed < min)
            {
                throw new TestKitAssertionException($"{Path}: block took {elapsed.TotalMilliseconds:0} ms, less than {min.TotalMilliseconds:0} ms.");
            }
            return result;
        }
        finally
        {
            _deadline = outer;
        }
    }

    /// <summary>Messages waiting in the probe.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"[{Path}]";

    private TimeSpan Remaining(TimeSpan? timeout)
    {
        if (timeout is { } explicitTimeout)
        {
            return explicitTimeout;
        }
        if (_deadline >= 0)
        {
            return TimeSpan.FromSeconds(Math.Max(0, _deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
        }
        return DefaultTimeout;
    }

    private bool TryReceive(TimeSpan timeout, out object message)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_queue)
        {
            while (_queue.Count == 0)
            {
                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    message = null!;
                    return false;
                }
                Monitor.Wait(_queue, TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency));
            }
            var (m, sender) = _queue.Dequeue();
            LastSender = sender;
            message = m;
            return true;
        }
    }

    private static string Describe(object message) => $"{message.GetType().Name} {message}";
}
