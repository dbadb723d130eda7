namespace Sift.Actors.TestKit;

/// <summary>
/// A clock that moves only when the test calls <see cref="Advance"/>. Timers created on it fire,
/// in due order and on the calling thread, when time is advanced past them (a periodic timer
/// fires once per period crossed); a timer due now (zero delay) fires at once on the thread pool.
/// Give it to <c>ActorSystemOptions.TimeProvider</c> and a 10-second timeout is tested in microseconds.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<VirtualTimer> _timers = [];
    private readonly DateTimeOffset _start;
    private long _elapsedTicks;
    private long _sequence;

    /// <summary>Starts the clock at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public VirtualTimeProvider(DateTimeOffset? start = null) =>
        _start = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers created and not disposed.</summary>
    public int TimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Timers that will still fire when time advances.</summary>
    public int ScheduledTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt >= 0);
            }
        }
    }

    /// <summary>Time elapsed since the clock started.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_elapsedTicks);
            }
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _start.AddTicks(_elapsedTicks);
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _elapsedTicks;
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        lock (_gate)
        {
            timer.Sequence = _sequence++;
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing every timer due on the way, in order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_gate)
        {
            target = _elapsedTicks + delta.Ticks;
        }
        while (true)
        {
            VirtualTimer? next = null;
            lock (_gate)
            {
                foreach (var t in _timers)
                {
                    if (t.DueAt >= 0 && t.DueAt <= target
                        && (next is null || t.DueAt < next.DueAt || (t.DueAt == next.DueAt && t.Sequence < next.Sequence)))
                    {
                        next = t;
                    }
                }
                if (next is null)
                {
                    _elapsedTicks = target;
                    return;
                }
                _elapsedTicks = Math.Max(_elapsedTicks, next.DueAt);
                next.DueAt = next.PeriodTicks > 0 ? next.DueAt + next.PeriodTicks : -1;
            }
            next.Fire();
        }
    }

    private void Remove(VirtualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        /// <summary>Elapsed ticks at which it fires next; -1 when it will not fire.</summary>
        public long DueAt { get; set; } = -1;

        public long PeriodTicks { get; private set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }
                PeriodTicks = period > TimeSpan.Zero ? period.Ticks : 0;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = -1;
                }
                else if (dueTime == TimeSpan.Zero)
                {
                    fireNow = true;
                    DueAt = PeriodTicks > 0 ? owner._elapsedTicks + PeriodTicks : -1;
                }
                else
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
                    DueAt = owner._elapsedTicks + dueTime.Ticks;
                }
            }
            if (fireNow)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), this, preferLocal: false);
            }
            return true;
        }

        public void Fire()
        {
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return;
                }
            }
            callback(state);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                DueAt = -1;
            }
            owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
