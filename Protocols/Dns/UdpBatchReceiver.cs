using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Dns;

/// <summary>
/// The Linux receive path of a pool of <see cref="UdpChannel"/>s: one thread waits on all the
/// pool's sockets with <c>epoll_wait(2)</c> and drains each ready socket with <c>recvmmsg(2)</c>,
/// up to <see cref="BatchSize"/> datagrams per call. Under load the batches grow by themselves,
/// so the socket engine's epoll thread, its hand-off to the thread pool and the wake-ups per
/// reply are replaced by one wake-up per batch. Every datagram goes through the channel's own
/// <see cref="UdpChannel.Match"/> (ID, source address and port, question: RFC 5452 §9.1). The
/// queries matched in one wake-up are completed together by one thread-pool work item
/// (<see cref="ReplyBatch"/>), never on the receive thread: the callers' next queries then leave
/// in a burst, which keeps the batches large. Buffers are native memory allocated once.
/// </summary>
internal sealed unsafe partial class UdpBatchReceiver : IDisposable
{
    /// <summary>Datagrams taken per <c>recvmmsg</c> call, and queries completed per work item, at most.</summary>
    internal const int BatchSize = 32;

    /// <summary>Receive slot size: replies larger than this (and than the EDNS size we advertise) are dropped.</summary>
    internal const int MinSlotSize = 4096;

    private const int MsgDontWait = 0x40, MsgTrunc = 0x20, EpollIn = 0x1, EpollCtlAdd = 1, EpollCloexec = 0x80000;
    private const int EIntr = 4, EAgain = 11, ConnRefused = 111;
    /// <summary>sockaddr_storage: room for any source address the kernel reports.</summary>
    private const int NameSize = 128;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct mmsghdr</c> (LP64): a <c>struct msghdr</c> of 56 octets, then <c>msg_len</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct MMsgHdr
    {
        [FieldOffset(0)] public byte* Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public IoVec* Iov;
        [FieldOffset(24)] public nuint IovLength;
        [FieldOffset(32)] public void* Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
        [FieldOffset(56)] public uint Length;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epfd, byte* events, int count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>
    /// 64-bit Linux on x64 (packed <c>struct epoll_event</c> of 12 octets) or Arm64 (16 octets);
    /// elsewhere each channel runs its own asynchronous receive loop.
    /// </summary>
    internal static bool Supported => OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static int EventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static int EventDataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly UdpChannel[] _channels;
    private readonly ILogger _logger;
    private readonly int _slotSize;
    private readonly int _epoll;
    private volatile bool _stopped;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ReplyBatch> _batches = new();

    [ThreadStatic]
    private static bool t_deliveringReplies;

    /// <summary>
    /// True on a thread-pool thread delivering a batch of replies: neither the receive thread nor
    /// a timer, so callers' continuations may run there directly instead of after one more hand-off.
    /// </summary>
    internal static bool DeliveringReplies => t_deliveringReplies;

    /// <summary>Starts the receive thread for <paramref name="channels"/> (which must not run their own loops).</summary>
    /// <param name="maxReply">The EDNS payload size advertised; slots are at least <see cref="MinSlotSize"/>.</param>
    /// <exception cref="SocketException">epoll could not be set up.</exception>
    public UdpBatchReceiver(UdpChannel[] channels, int maxReply, ILogger logger)
    {
        _channels = channels;
        _logger = logger;
        _slotSize = Math.Clamp(maxReply, MinSlotSize, DnsReader.MaxMessageSize);
        _epoll = EpollCreate(EpollCloexec);
        if (_epoll < 0) throw new SocketException(Marshal.GetLastPInvokeError());
        byte* ev = stackalloc byte[16];
        for (int i = 0; i < channels.Length; i++)
        {
            // Level-triggered: a socket left with datagrams (more than one batch) is reported again.
            *(uint*)ev = EpollIn;
            *(ulong*)(ev + EventDataOffset) = (ulong)i;
            if (EpollCtl(_epoll, EpollCtlAdd, (int)channels[i].Socket.SafeHandle.DangerousGetHandle(), ev) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                Close(_epoll);
                throw new SocketException(errno);
            }
        }
        new Thread(ReceiveLoop) { IsBackground = true, Name = "sift-dns-udp" }.Start();
    }

    private void ReceiveLoop()
    {
        var handles = new bool[_channels.Length];
        int eventSize = EventSize, dataOffset = EventDataOffset;
        nuint bytes = (nuint)(_channels.Length * eventSize + BatchSize * (sizeof(MMsgHdr) + sizeof(IoVec) + NameSize + _slotSize));
        byte* memory = (byte*)NativeMemory.AllocZeroed(bytes);
        var from = new SocketAddress(_channels[0].Socket.AddressFamily);
        try
        {
            // Each socket's descriptor stays open (not reused) until this loop lets it go.
            for (int i = 0; i < _channels.Length; i++) _channels[i].Socket.SafeHandle.DangerousAddRef(ref handles[i]);
            byte* events = memory;
            var headers = (MMsgHdr*)(events + _channels.Length * eventSize);
            var iovecs = (IoVec*)(headers + BatchSize);
            byte* names = (byte*)(iovecs + BatchSize);
            byte* payloads = names + BatchSize * NameSize;
            for (int i = 0; i < BatchSize; i++)
            {
                iovecs[i] = new IoVec { Base = payloads + (nint)i * _slotSize, Length = (nuint)_slotSize };
                headers[i].Iov = iovecs + i;
                headers[i].IovLength = 1;
                headers[i].Name = names + i * NameSize;
            }
            var batch = RentBatch();
            while (!_stopped)
            {
                // Bounded, so that a stop is noticed even if no wake-up reaches the thread.
                int ready = EpollWait(_epoll, events, _channels.Length, 250);
                if (_stopped) return;
                if (ready < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno != EIntr) LogReceiveErrno(_logger, errno);
                    continue;
                }
                for (int e = 0; e < ready; e++)
                {
                    var channel = _channels[(int)*(ulong*)(events + e * eventSize + dataOffset)];
                    Drain(channel, (int)channel.Socket.SafeHandle.DangerousGetHandle(), headers, from, ref batch);
                }
                if (batch.Count > 0)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
                    batch = RentBatch();
                }
            }
        }
        finally
        {
            for (int i = 0; i < _channels.Length; i++)
            {
                if (handles[i]) _channels[i].Socket.SafeHandle.DangerousRelease();
            }
            Close(_epoll);
            NativeMemory.Free(memory);
        }
    }

    /// <summary>Takes up to one batch of datagrams from a ready socket and matches each to its query.</summary>
    private void Drain(UdpChannel channel, int fd, MMsgHdr* headers, SocketAddress from, ref ReplyBatch batch)
    {
        for (int i = 0; i < BatchSize; i++)
        {
            headers[i].NameLength = NameSize;
            headers[i].Flags = 0;
        }
        int n = RecvMMsg(fd, headers, BatchSize, MsgDontWait, null);
        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            // ICMP errors from an earlier send surface here: not fatal to the loop.
            if (errno is not (EIntr or EAgain or ConnRefused)) LogReceiveErrno(_logger, errno);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            ref var message = ref headers[i];
            if ((message.Flags & MsgTrunc) != 0 || message.NameLength > from.Buffer.Length)
            {
                // Larger than we advertised (RFC 6891 §6.2.5 forbids it) or an odd source: never matched.
                Interlocked.Increment(ref channel.Counters.DroppedMalformed);
                continue;
            }
            new ReadOnlySpan<byte>(message.Name, (int)message.NameLength).CopyTo(from.Buffer.Span);
            from.Size = (int)message.NameLength;
            var reply = new ReadOnlySpan<byte>(message.Iov->Base, (int)message.Length);
            if (channel.Match(reply, from) is not { } query) continue;
            if (batch.Count == BatchSize)
            {
                ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
                batch = RentBatch();
            }
            batch.Add(query, reply.ToArray());
        }
    }

    /// <summary>Stops the thread at its next wake-up; the channels' disposal (shutdown) wakes it.</summary>
    public void Dispose() => _stopped = true;

    private ReplyBatch RentBatch() => _batches.TryDequeue(out var b) ? b : new ReplyBatch(this);

    /// <summary>Queries matched in one wake-up and their replies, completed on a thread-pool thread.</summary>
    private sealed class ReplyBatch(UdpBatchReceiver owner) : IThreadPoolWorkItem
    {
        private readonly PendingQuery[] _queries = new PendingQuery[BatchSize];
        private readonly byte[][] _replies = new byte[BatchSize][];

        public int Count { get; private set; }

        public void Add(PendingQuery query, byte[] reply)
        {
            _queries[Count] = query;
            _replies[Count++] = reply;
        }

        public void Execute()
        {
            bool outer = t_deliveringReplies;
            t_deliveringReplies = true;
            try
            {
                for (int i = 0; i < Count; i++)
                {
                    var query = _queries[i];
                    var reply = _replies[i];
                    _queries[i] = null!;
                    _replies[i] = null!;
                    query.TrySetResult(reply);
                }
            }
            finally
            {
                t_deliveringReplies = outer;
                Count = 0;
                owner._batches.Enqueue(this);
            }
        }
    }

    [LoggerMessage(EventId = 5305, Level = LogLevel.Debug, Message = "DNS UDP receive error, errno {Errno}")]
    private static partial void LogReceiveErrno(ILogger logger, int errno);
}
