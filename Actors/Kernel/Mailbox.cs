using System.Diagnostics;

namespace Sift.Actors.Kernel;

/// <summary>Outcome of enqueuing a user message.</summary>
internal enum EnqueueResult
{
    Accepted,
    Full,
    Closed,
}

/// <summary>
/// An actor's mailbox and its thread-pool work item. Akka's design: the status is one int
/// changed only by compare-and-swap (scheduled bit, closed bit, suspension count); a turn
/// processes every system message, then at most <c>throughput</c> user messages, with the
/// system messages processed again between user messages; the <c>finally</c> of a turn
/// reschedules it if anything is left. The queues themselves sit behind one simple lock
/// (the mailbox object): producers append user messages to a buffer that grows on demand
/// (bounded when the mailbox has a capacity), the turn swaps that buffer out whole and reads
/// it without the lock, and system messages are an intrusive list.
/// </summary>
internal sealed class Mailbox(ActorCell cell, int capacity, bool callerTurns = false) : IThreadPoolWorkItem
{
    private const int ScheduledBit = 1;
    private const int ClosedBit = 2;
    private const int SuspendUnit = 4;
    private const int InitialBuffer = 2;

    private readonly ActorCell _cell = cell;
    private readonly int _capacity = capacity;
    private readonly bool _callerTurns = callerTurns;
    // Producers append to _buffer under the lock. The actor's turn swaps the whole filled buffer
    // for its drained _batch under the lock, then reads _batch without locking: one lock per batch
    // on the consumer side, and producers and consumer rarely meet on the lock.
    private Envelope[]? _buffer;
    private int _count;
    private Envelope[]? _batch;
    private int _batchHead;
    private int _batchCount;
    // System messages: pushed newest-first; the turn takes the whole list and reverses it.
    private SystemMessage? _systemHead;
    private SystemMessage? _systemTaken;
    private int _status;

    /// <summary>Bound on queued user messages; 0 means unbounded.</summary>
    public int Capacity => _capacity;

    /// <summary>User messages waiting (a racy snapshot, for routing and diagnostics).</summary>
    public int Count => Volatile.Read(ref _count) + Volatile.Read(ref _batchCount) - Volatile.Read(ref _batchHead);

    public bool IsClosed => (Volatile.Read(ref _status) & ClosedBit) != 0;

    private bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;

    private bool HasSystemMessages => Volatile.Read(ref _systemHead) is not null || Volatile.Read(ref _systemTaken) is not null;

    /// <summary>Queues a user message; <paramref name="ignoreCapacity"/> is for kernel notifications
    /// (Terminated, Overloaded, timers) that must not be lost to a full mailbox.</summary>
    public EnqueueResult Enqueue(in Envelope envelope, bool ignoreCapacity = false)
    {
        lock (this)
        {
            if ((_status & ClosedBit) != 0)
            {
                return EnqueueResult.Closed;
            }
            if (_capacity > 0 && !ignoreCapacity && Count >= _capacity)
            {
                return EnqueueResult.Full;
            }
            var buffer = _buffer;
            if (buffer is null || _count == buffer.Length)
            {
                buffer = Grow();
            }
            buffer[_count] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
        ScheduleIfNeeded(hasMessageHint: true, hasSystemHint: false, afterSend: true);
        return EnqueueResult.Accepted;
    }

    /// <summary>Queues a system message; false when the mailbox is closed (the caller handles the message as sent to a dead actor).</summary>
    public bool EnqueueSystem(SystemMessage message)
    {
        Debug.Assert(message.Next is null, "a system message is queued once");
        lock (this)
        {
            if ((_status & ClosedBit) != 0)
            {
                return false;
            }
            message.Next = _systemHead;
            Volatile.Write(ref _systemHead, message);
        }
        ScheduleIfNeeded(hasMessageHint: false, hasSystemHint: true, afterSend: true);
        return true;
    }

    /// <summary>Called by the thread pool: one turn of the actor.</summary>
    public void Execute()
    {
        var previous = ActorCell.EnterTurn(_cell);
        try
        {
            if (!IsClosed)
            {
                ProcessSystemMessages();
                ProcessUserMessages();
                TrimWhenDrained();
            }
        }
        finally
        {
            try
            {
                SetIdle();
                ScheduleIfNeeded(hasMessageHint: false, hasSystemHint: false);
            }
            finally
            {
                ActorCell.ExitTurn(previous);
            }
        }
    }

    /// <summary>Adds one suspension (only from the actor's own turn or the kernel).</summary>
    public void Suspend()
    {
        int s;
        do
        {
            s = Volatile.Read(ref _status);
            if ((s & ClosedBit) != 0)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _status, s + SuspendUnit, s) != s);
    }

    /// <summary>Removes one suspension and schedules the mailbox if messages wait.</summary>
    public void Resume()
    {
        int s;
        do
        {
            s = Volatile.Read(ref _status);
            if ((s & ClosedBit) != 0 || s < SuspendUnit)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _status, s - SuspendUnit, s) != s);
        ScheduleIfNeeded(hasMessageHint: false, hasSystemHint: false);
    }

    /// <summary>
    /// Closes the mailbox for good and hands back what was still queued: user messages for
    /// dead letters and system messages for the dead-actor handling (a late Watch is answered).
    /// </summary>
    public (List<Envelope> Users, SystemMessage? Systems) Close()
    {
        var users = new List<Envelope>();
        SystemMessage? systems;
        lock (this)
        {
            int s;
            do
            {
                s = _status;
            }
            while (Interlocked.CompareExchange(ref _status, s | ClosedBit, s) != s);
            for (var i = _batchHead; i < _batchCount; i++)
            {
                users.Add(_batch![i]);
            }
            for (var i = 0; i < _count; i++)
            {
                users.Add(_buffer![i]);
            }
            _buffer = null;
            _batch = null;
            _batchHead = 0;
            _batchCount = 0;
            Volatile.Write(ref _count, 0);
            systems = Append(_systemTaken, Reverse(_systemHead));
            Volatile.Write(ref _systemHead, null);
            _systemTaken = null;
        }
        return (users, systems);
    }

    private void ProcessSystemMessages()
    {
        while (!IsClosed && TryDequeueSystem(out var message))
        {
            _cell.SystemInvoke(message);
        }
    }

    private void ProcessUserMessages()
    {
        var left = _cell.System.Throughput;
        while (left > 0 && ShouldProcessMessages() && TryDequeue(out var envelope))
        {
            _cell.Invoke(envelope);
            ProcessSystemMessages();
            left--;
        }
    }

    private bool ShouldProcessMessages() => (Volatile.Read(ref _status) & ~ScheduledBit) == 0;

    /// <summary>Only on the actor's turn.</summary>
    private bool TryDequeue(out Envelope envelope)
    {
        if (_batchHead == _batchCount && !TakeBatch())
        {
            envelope = default;
            return false;
        }
        var batch = _batch!;
        envelope = batch[_batchHead];
        batch[_batchHead] = default;
        Volatile.Write(ref _batchHead, _batchHead + 1);
        return true;
    }

    /// <summary>Swaps the producers' buffer (oldest messages first) for the drained batch.</summary>
    private bool TakeBatch()
    {
        lock (this)
        {
            if (_count == 0)
            {
                return false;
            }
            var filled = _buffer!;
            _buffer = _batch;
            _batch = filled;
            _batchHead = 0;
            Volatile.Write(ref _batchCount, _count);
            Volatile.Write(ref _count, 0);
            return true;
        }
    }

    /// <summary>
    /// At the end of a turn that drained everything, keep a single buffer: an idle actor holds one.
    /// A buffer is kept at the largest size it reached (releasing a big one made a flood re-grow it,
    /// on the large-object heap, at every drain); bounded mailboxes and pools bound that size.
    /// </summary>
    private void TrimWhenDrained()
    {
        if (_batch is null || _batchHead != _batchCount)
        {
            return;
        }
        lock (this)
        {
            if (_buffer is null && (_status & ClosedBit) == 0)
            {
                _buffer = _batch;
            }
            _batch = null;
            _batchHead = 0;
            _batchCount = 0;
        }
    }

    /// <summary>Only on the actor's turn: the oldest system message not yet processed.</summary>
    private bool TryDequeueSystem(out SystemMessage message)
    {
        if (_systemTaken is null)
        {
            if (!HasSystemMessages)
            {
                message = null!;
                return false;
            }
            lock (this)
            {
                _systemTaken = Reverse(_systemHead);
                Volatile.Write(ref _systemHead, null);
            }
            if (_systemTaken is null)
            {
                message = null!;
                return false;
            }
        }
        message = _systemTaken;
        _systemTaken = message.Next;
        message.Next = null;
        return true;
    }

    private static SystemMessage? Reverse(SystemMessage? list)
    {
        SystemMessage? reversed = null;
        while (list is not null)
        {
            var next = list.Next;
            list.Next = reversed;
            reversed = list;
            list = next;
        }
        return reversed;
    }

    private static SystemMessage? Append(SystemMessage? first, SystemMessage? second)
    {
        if (first is null)
        {
            return second;
        }
        var tail = first;
        while (tail.Next is not null)
        {
            tail = tail.Next;
        }
        tail.Next = second;
        return first;
    }

    private Envelope[] Grow()
    {
        var old = _buffer;
        var buffer = new Envelope[old is null ? InitialBuffer : old.Length * 2];
        if (old is not null)
        {
            Array.Copy(old, buffer, _count);
        }
        _buffer = buffer;
        return buffer;
    }

    /// <summary>
    /// Schedules the mailbox if it is idle and has work. After a send (<paramref name="afterSend"/>), a
    /// mailbox with caller turns (<see cref="Props.WithCallerTurns"/>) runs its turn right here when the
    /// sender is no actor's turn (turns never nest); what that turn leaves (beyond the throughput) is
    /// scheduled at its end, so a sender is held for one turn at most.
    /// </summary>
    private void ScheduleIfNeeded(bool hasMessageHint, bool hasSystemHint, bool afterSend = false)
    {
        if (!CanBeScheduled(hasMessageHint, hasSystemHint) || !TrySetScheduled())
        {
            return;
        }
        var inTurn = ActorCell.Current is not null;
        if (afterSend && _callerTurns && !inTurn)
        {
            Execute();
            return;
        }
        // From inside an actor (a Tell to another actor, or the end of a turn) the local queue
        // keeps the work on this core; other workers steal it when they are idle.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: inTurn);
    }

    private bool CanBeScheduled(bool hasMessageHint, bool hasSystemHint)
    {
        var s = Volatile.Read(ref _status);
        if ((s & ClosedBit) != 0)
        {
            return false;
        }
        if (s >= SuspendUnit)
        {
            return hasSystemHint || HasSystemMessages;
        }
        return hasMessageHint || hasSystemHint || HasSystemMessages || Count > 0;
    }

    private bool TrySetScheduled()
    {
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if ((s & (ScheduledBit | ClosedBit)) != 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _status, s | ScheduledBit, s) == s)
            {
                return true;
            }
        }
    }

    private void SetIdle()
    {
        int s;
        do
        {
            s = Volatile.Read(ref _status);
        }
        while (Interlocked.CompareExchange(ref _status, s & ~ScheduledBit, s) != s);
    }
}
