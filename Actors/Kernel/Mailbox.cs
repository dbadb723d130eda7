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
/// (the mailbox object): a ring buffer for user messages, grown on demand and bounded when
/// the mailbox has a capacity, and an intrusive list for system messages.
/// </summary>
internal sealed class Mailbox(ActorCell cell, int capacity) : IThreadPoolWorkItem
{
    private const int ScheduledBit = 1;
    private const int ClosedBit = 2;
    private const int SuspendUnit = 4;
    private const int InitialBuffer = 4;

    private readonly ActorCell _cell = cell;
    private readonly int _capacity = capacity;
    private Envelope[]? _buffer;
    private int _head;
    private int _count;
    private SystemMessage? _systemHead;
    private SystemMessage? _systemTail;
    private int _status;

    /// <summary>Bound on queued user messages; 0 means unbounded.</summary>
    public int Capacity => _capacity;

    /// <summary>User messages waiting (a racy snapshot, for routing and diagnostics).</summary>
    public int Count => Volatile.Read(ref _count);

    public bool IsClosed => (Volatile.Read(ref _status) & ClosedBit) != 0;

    private bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;

    private bool HasSystemMessages => Volatile.Read(ref _systemHead) is not null;

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
            if (_capacity > 0 && _count >= _capacity && !ignoreCapacity)
            {
                return EnqueueResult.Full;
            }
            var buffer = _buffer;
            if (buffer is null || _count == buffer.Length)
            {
                buffer = Grow();
            }
            buffer[(_head + _count) & (buffer.Length - 1)] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
        ScheduleIfNeeded(hasMessageHint: true, hasSystemHint: false);
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
            if (_systemTail is null)
            {
                Volatile.Write(ref _systemHead, message);
            }
            else
            {
                _systemTail.Next = message;
            }
            _systemTail = message;
        }
        ScheduleIfNeeded(hasMessageHint: false, hasSystemHint: true);
        return true;
    }

    /// <summary>Called by the thread pool: one turn of the actor.</summary>
    public void Execute()
    {
        try
        {
            if (!IsClosed)
            {
                ProcessSystemMessages();
                ProcessUserMessages();
            }
        }
        finally
        {
            SetIdle();
            ScheduleIfNeeded(hasMessageHint: false, hasSystemHint: false);
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
            var buffer = _buffer;
            for (var i = 0; i < _count; i++)
            {
                users.Add(buffer![(_head + i) & (buffer.Length - 1)]);
            }
            _buffer = null;
            _head = 0;
            Volatile.Write(ref _count, 0);
            systems = _systemHead;
            Volatile.Write(ref _systemHead, null);
            _systemTail = null;
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

    private bool TryDequeue(out Envelope envelope)
    {
        lock (this)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            var buffer = _buffer!;
            envelope = buffer[_head];
            buffer[_head] = default;
            _head = (_head + 1) & (buffer.Length - 1);
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
    }

    private bool TryDequeueSystem(out SystemMessage message)
    {
        if (!HasSystemMessages)
        {
            message = null!;
            return false;
        }
        lock (this)
        {
            var head = _systemHead;
            if (head is null)
            {
                message = null!;
                return false;
            }
            Volatile.Write(ref _systemHead, head.Next);
            if (head.Next is null)
            {
                _systemTail = null;
            }
            head.Next = null;
            message = head;
            return true;
        }
    }

    private Envelope[] Grow()
    {
        var old = _buffer;
        var size = old is null ? InitialBuffer : old.Length * 2;
        var buffer = new Envelope[size];
        if (old is not null)
        {
            for (var i = 0; i < _count; i++)
            {
                buffer[i] = old[(_head + i) & (old.Length - 1)];
            }
        }
        _head = 0;
        _buffer = buffer;
        return buffer;
    }

    private void ScheduleIfNeeded(bool hasMessageHint, bool hasSystemHint)
    {
        if (CanBeScheduled(hasMessageHint, hasSystemHint) && TrySetScheduled())
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
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
