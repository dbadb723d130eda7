namespace Sift.Actors.Kernel;

/// <summary>The per-actor timers, created on first use. Each start makes a new <see cref="TimerEntry"/>;
/// the entry itself is the message the timer enqueues, and only the entry currently registered
/// under its key is delivered, so a stale firing is dropped without any generation counter.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, TimerEntry> _timers = [];

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, initialDelay, interval);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Dispose();
        }
        _timers.Clear();
    }

    /// <summary>A timer message reached the actor: true when it is still current (a single timer is then removed).</summary>
    internal bool Accept(TimerEntry entry)
    {
        if (!_timers.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
        {
            return false;
        }
        if (!entry.Periodic)
        {
            _timers.Remove(entry.Key);
            entry.Dispose();
        }
        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Cancel(key);
        var entry = new TimerEntry(cell, key, message, period != Timeout.InfiniteTimeSpan);
        _timers[key] = entry;
        entry.Arm(cell.System.TimeProvider, delay, period);
    }
}

/// <summary>One started timer; also the message it enqueues when it fires.</summary>
internal sealed class TimerEntry(ActorCell cell, object key, object message, bool periodic) : IDisposable
{
    private ITimer? _timer;

    public object Key { get; } = key;

    public object Message { get; } = message;

    public bool Periodic { get; } = periodic;

    public void Arm(TimeProvider time, TimeSpan delay, TimeSpan period) =>
        _timer = time.CreateTimer(static state => ((TimerEntry)state!).Fire(), this, delay, period);

    public void Dispose() => _timer?.Dispose();

    private void Fire() => cell.SendMessage(this, null, null);
}
