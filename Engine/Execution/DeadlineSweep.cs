namespace Sift.Engine.Execution;

/// <summary>
/// One timer for every batch answered on the inline path: the batches still pending, in order of
/// the moment they must be handed to an aggregator (the earliest moment the global timeout or an
/// adaptive deadline could act on them), in a doubly linked list kept sorted by inserting from the
/// tail — batches of one engine mostly share their offsets, so a new batch almost always goes last.
/// Adding and removing a batch cost a short lock and no allocation; the timer is re-armed only when
/// a batch becomes the earliest, and a batch that ended early is simply unlinked (the timer may then
/// fire for nothing and re-arms for the next).
/// </summary>
internal sealed class DeadlineSweep(TimeProvider time)
{
    private readonly object _gate = new();
    private InlineBatch? _head;
    private InlineBatch? _tail;
    private ITimer? _timer;
    private long _armedFor = long.MaxValue;

    /// <summary>Batches waiting (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                var n = 0;
                for (var b = _head; b is not null; b = b.SweepNext)
                {
                    n++;
                }
                return n;
            }
        }
    }

    /// <summary>Adds <paramref name="batch"/>, due at the timestamp <paramref name="due"/> of the engine's clock.</summary>
    public void Add(InlineBatch batch, long due)
    {
        lock (_gate)
        {
            batch.SweepDue = due;
            batch.InSweep = true;
            var before = _tail;
            while (before is not null && before.SweepDue > due)
            {
                before = before.SweepPrevious;
            }
            batch.SweepPrevious = before;
            batch.SweepNext = before is null ? _head : before.SweepNext;
            if (batch.SweepNext is { } next)
            {
                next.SweepPrevious = batch;
            }
            else
            {
                _tail = batch;
            }
            if (before is null)
            {
                _head = batch;
                if (due < _armedFor)
                {
                    Arm(due, time.GetTimestamp());
                }
            }
            else
            {
                before.SweepNext = batch;
            }
        }
    }

    /// <summary>Removes <paramref name="batch"/> if it is still waiting.</summary>
    public void Remove(InlineBatch batch)
    {
        lock (_gate)
        {
            if (batch.InSweep)
            {
                Unlink(batch);
            }
        }
    }

    /// <summary>Stops the timer (the engine is disposed) and ends every batch still waiting: it is answered
    /// with an error rather than never.</summary>
    public void Dispose()
    {
        InlineBatch? waiting;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _armedFor = long.MinValue;
            waiting = _head;
            _head = _tail = null;
        }
        while (waiting is not null)
        {
            var batch = waiting;
            waiting = batch.SweepNext;
            batch.SweepPrevious = batch.SweepNext = null;
            batch.InSweep = false;
            batch.OnEngineStopped();
        }
    }

    private void OnTimer()
    {
        InlineBatch? due = null;
        lock (_gate)
        {
            if (_armedFor == long.MinValue)
            {
                return;
            }
            _armedFor = long.MaxValue;
            var now = time.GetTimestamp();
            while (_head is { } head && head.SweepDue <= now)
            {
                Unlink(head);
                head.SweepNext = due;
                due = head;
            }
            if (_head is { } next)
            {
                Arm(next.SweepDue, now);
            }
        }
        while (due is not null)
        {
            var batch = due;
            due = batch.SweepNext;
            batch.SweepNext = null;
            batch.Promote();
        }
    }

    private void Unlink(InlineBatch batch)
    {
        if (batch.SweepPrevious is { } previous)
        {
            previous.SweepNext = batch.SweepNext;
        }
        else
        {
            _head = batch.SweepNext;
        }
        if (batch.SweepNext is { } next)
        {
            next.SweepPrevious = batch.SweepPrevious;
        }
        else
        {
            _tail = batch.SweepPrevious;
        }
        batch.SweepPrevious = null;
        batch.SweepNext = null;
        batch.InSweep = false;
    }

    private void Arm(long due, long now)
    {
        if (_armedFor == long.MinValue)
        {
            return;
        }
        _armedFor = due;
        _timer ??= time.CreateTimer(static s => ((DeadlineSweep)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // Rounded up: a timer that fires early finds nothing due and only re-arms.
        var ticks = due <= now ? 0 : (long)Math.Ceiling((due - now) * (double)TimeSpan.TicksPerSecond / time.TimestampFrequency);
        _timer.Change(TimeSpan.FromTicks(ticks), Timeout.InfiniteTimeSpan);
    }
}
