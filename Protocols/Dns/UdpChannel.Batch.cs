using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Sift.Protocols.Dns;

/// <summary>
/// The Linux receive path of a <see cref="UdpChannel"/>: a dedicated thread blocked in
/// <c>recvmmsg(2)</c> that takes up to <see cref="BatchSize"/> datagrams per system call
/// (<c>MSG_WAITFORONE</c>: it waits for the first, then takes whatever else is queued). Under load
/// the batches grow by themselves, so the socket engine's epoll thread, its hand-off to the thread
/// pool and one or two wake-ups per reply are replaced by one wake-up per batch. Each datagram
/// goes through the same <see cref="Match"/> (ID, source and question checks) as on the
/// portable path; the buffers are native memory allocated once per socket. The queries matched in
/// one batch are completed together by one thread-pool work item (<see cref="ReplyBatch"/>), never
/// on the receive thread: one hand-off per batch instead of one per reply, and the callers' next
/// queries leave in a burst, which keeps the batches large.
/// </summary>
internal sealed unsafe partial class UdpChannel
{
    /// <summary>Datagrams taken per <c>recvmmsg</c> call at most.</summary>
    internal const int BatchSize = 32;

    private const int MsgWaitForOne = 0x10000, MsgTrunc = 0x20;
    private const int EIntr = 4, EAgain = 11, ConnRefused = 111;
    private const int SolSocket = 1, SoRcvTimeo = 20;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>sockaddr_storage: room for any address the kernel reports as a source.</summary>
    private const int NameSize = 128;

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    /// <summary>The batched path needs the 64-bit Linux layout of <c>struct mmsghdr</c>.</summary>
    internal static bool BatchedReceiveSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Starts the receive thread. The socket must stay blocking (only synchronous sends use it).</summary>
    private void StartBatchedReceive(int slotSize)
    {
        // A bounded blocking wait, so that the thread notices a stop even if no wake-up reaches it.
        var timeval = new byte[16];
        BitConverter.TryWriteBytes(timeval.AsSpan(0, 8), 0L);
        BitConverter.TryWriteBytes(timeval.AsSpan(8, 8), 250_000L);
        _socket.SetRawSocketOption(SolSocket, SoRcvTimeo, timeval);
        var thread = new Thread(() => BatchedReceiveLoop(slotSize)) { IsBackground = true, Name = "sift-dns-udp" };
        thread.Start();
    }

    private void BatchedReceiveLoop(int slotSize)
    {
        var handle = _socket.SafeHandle;
        bool added = false;
        // Native buffers: BatchSize headers, iovecs, source addresses and payload slots.
        nuint bytes = (nuint)(BatchSize * (sizeof(MMsgHdr) + sizeof(IoVec) + NameSize + slotSize));
        byte* memory = (byte*)NativeMemory.AllocZeroed(bytes);
        var from = new SocketAddress(_socket.AddressFamily);
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            var headers = (MMsgHdr*)memory;
            var iovecs = (IoVec*)(headers + BatchSize);
            byte* names = (byte*)(iovecs + BatchSize);
            byte* payloads = names + BatchSize * NameSize;
            for (int i = 0; i < BatchSize; i++)
            {
                iovecs[i] = new IoVec { Base = payloads + (nint)i * slotSize, Length = (nuint)slotSize };
                headers[i].Header.Iov = iovecs + i;
                headers[i].Header.IovLength = 1;
                headers[i].Header.Name = names + i * NameSize;
            }
            var batch = RentBatch();
            while (!_stop.IsCancellationRequested)
            {
                for (int i = 0; i < BatchSize; i++)
                {
                    headers[i].Header.NameLength = NameSize;
                    headers[i].Header.Flags = 0;
                }
                int n = RecvMMsg(fd, headers, BatchSize, MsgWaitForOne, null);
                if (_stop.IsCancellationRequested) return;
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno is EIntr or EAgain) continue;
                    // ICMP errors from an earlier send surface here: not fatal to the loop.
                    if (errno != ConnRefused) LogReceiveErrno(_logger, errno);
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    ref var message = ref headers[i];
                    int length = (int)message.Length;
                    if ((message.Header.Flags & MsgTrunc) != 0 || message.Header.NameLength > from.Buffer.Length)
                    {
                        // Larger than we advertised (RFC 6891 §6.2.5 forbids it) or an odd source: never matched.
                        Interlocked.Increment(ref _counters.DroppedMalformed);
                        continue;
                    }
                    new ReadOnlySpan<byte>(message.Header.Name, (int)message.Header.NameLength).CopyTo(from.Buffer.Span);
                    from.Size = (int)message.Header.NameLength;
                    var reply = new ReadOnlySpan<byte>(iovecs[i].Base, length);
                    if (Match(reply, from) is { } query) batch.Add(query, reply.ToArray());
                }
                if (batch.Count > 0)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
                    batch = RentBatch();
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed before the loop took its reference: nothing to receive.
        }
        finally
        {
            if (added) handle.DangerousRelease();
            NativeMemory.Free(memory);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<ReplyBatch> _batches = new();

    [ThreadStatic]
    private static bool t_deliveringReplies;

    /// <summary>
    /// True on a thread-pool thread delivering a batch of replies: neither the receive thread nor
    /// a timer, so callers' continuations may run here directly instead of after one more hand-off.
    /// </summary>
    internal static bool DeliveringReplies => t_deliveringReplies;

    private ReplyBatch RentBatch() => _batches.TryDequeue(out var b) ? b : new ReplyBatch(this);

    /// <summary>The queries matched by one <c>recvmmsg</c> call and their replies, completed on a thread-pool thread.</summary>
    private sealed class ReplyBatch(UdpChannel owner) : IThreadPoolWorkItem
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

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 5305, Level = Microsoft.Extensions.Logging.LogLevel.Debug, Message = "DNS UDP recvmmsg error, errno {Errno}")]
    private static partial void LogReceiveErrno(Microsoft.Extensions.Logging.ILogger logger, int errno);
}
