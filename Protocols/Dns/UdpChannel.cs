using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Dns;

/// <summary>
/// A query waiting on a <see cref="UdpChannel"/> for its reply; completes with the reply, or with
/// null at its deadline. Continuations run inline on the receive loop (parsing a reply is short
/// and bounded), which saves a thread-pool hop per query; callers see the answer through the
/// client's own asynchronous completion.
/// </summary>
internal sealed class PendingQuery(byte[] questionWire, DnsRecordType type, SocketAddress server, long deadline)
    : TaskCompletionSource<byte[]?>(TaskCreationOptions.None)
{
    public byte[] QuestionWire { get; } = questionWire;
    public DnsRecordType Type { get; } = type;
    public SocketAddress Server { get; } = server;
    public long Deadline { get; } = deadline;
}

/// <summary>
/// One UDP socket bound to a random source port, with its own receive loop and table of pending
/// queries keyed by random ID. A reply completes a query only when its ID, source address and
/// question all match (RFC 5452 §9.1); everything else is dropped and counted. The loop never
/// throws on what it receives and allocates only the copy of an accepted reply.
/// </summary>
internal sealed partial class UdpChannel : IDisposable
{
    private readonly Socket _socket;
    private readonly Dictionary<ushort, PendingQuery> _pending = [];
    private readonly Lock _lock = new();
    private readonly DnsClientCounters _counters;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _sweeper;
    private readonly byte[] _random = new byte[1024];
    private int _randomUsed = int.MaxValue;
    private readonly TimeProvider _time;

    /// <summary>
    /// Opens the socket. Deadlines are enforced by one sweeping timer per socket that ticks every
    /// <paramref name="sweepPeriod"/> (a timer per query would cost more than the query): a try
    /// times out between its deadline and one period later.
    /// </summary>
    /// <param name="ownReceiveLoop">
    /// Start this socket's own asynchronous receive loop; false when a <see cref="UdpBatchReceiver"/>
    /// receives for it.
    /// </param>
    public UdpChannel(AddressFamily family, DnsClientCounters counters, ILogger logger, TimeProvider time, TimeSpan sweepPeriod, bool ownReceiveLoop = true)
    {
        _counters = counters;
        _logger = logger;
        _time = time;
        _sweeper = time.CreateTimer(_ => Sweep(), null, sweepPeriod, sweepPeriod);
        _socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        // Port 0: the kernel picks a random ephemeral port (Linux randomises it), one per socket of the pool.
        _socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        _socket.ReceiveBufferSize = 1 << 20;
        if (ownReceiveLoop) _ = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The socket (blocking: only synchronous sends and the batch receiver's non-blocking reads use it).</summary>
    internal Socket Socket => _socket;

    /// <summary>The counters shared with the client.</summary>
    internal DnsClientCounters Counters => _counters;

    /// <summary>Number of queries waiting on this socket.</summary>
    public int PendingCount { get { lock (_lock) return _pending.Count; } }

    /// <summary>Registers <paramref name="query"/> under a fresh random ID, sends it and returns the ID.</summary>
    /// <remarks>The send is synchronous: a UDP send only copies into the socket buffer.</remarks>
    /// <exception cref="SocketException">The send failed (the query is unregistered).</exception>
    public ushort Send(PendingQuery query, byte[] packet, int length)
    {
        ushort id = Register(query);
        BinaryPrimitives.WriteUInt16BigEndian(packet, id);
        try
        {
            Interlocked.Increment(ref _counters.QueriesSent);
            _socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, query.Server);
        }
        catch
        {
            Remove(id, query);
            throw;
        }
        return id;
    }

    /// <summary>Forgets a query (timed out or abandoned); a late reply is then dropped as unknown.</summary>
    public void Remove(ushort id, PendingQuery query)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(id, out var q) && ReferenceEquals(q, query)) _pending.Remove(id);
        }
    }

    /// <summary>Completes with null every query whose deadline has passed.</summary>
    private void Sweep()
    {
        long now = _time.GetTimestamp();
        List<PendingQuery>? expired = null;
        lock (_lock)
        {
            foreach (var (id, q) in _pending)
            {
                if (q.Deadline <= now)
                {
                    (expired ??= []).Add(q);
                    _pending.Remove(id);
                }
            }
        }
        if (expired is null) return;
        foreach (var q in expired) q.TrySetResult(null);
    }

    private ushort Register(PendingQuery query)
    {
        lock (_lock)
        {
            while (true)
            {
                // IDs from a cryptographic generator (RFC 5452 §9.2), drawn 512 at a time.
                if (_randomUsed >= _random.Length)
                {
                    RandomNumberGenerator.Fill(_random);
                    _randomUsed = 0;
                }
                ushort id = BinaryPrimitives.ReadUInt16LittleEndian(_random.AsSpan(_randomUsed));
                _randomUsed += 2;
                if (_pending.TryAdd(id, query)) return id;
            }
        }
    }

    /// <summary>The portable receive path: one asynchronous receive per datagram through the socket engine.</summary>
    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateArray<byte>(DnsReader.MaxMessageSize, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                // No token: Dispose closes the socket, which ends the receive; a token would cost a registration per datagram.
                n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                if (_stop.IsCancellationRequested || e.SocketErrorCode == SocketError.OperationAborted) return;
                // ICMP errors from an earlier send surface here on some systems: not fatal to the loop.
                LogReceiveError(_logger, e.SocketErrorCode);
                continue;
            }
            Match(buffer.AsSpan(0, n), from)?.TrySetResult(buffer.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>
    /// Matches one datagram to its query and unregisters it; null (and counted) when dropped.
    /// Allocation-free: the caller copies the reply of a match.
    /// </summary>
    internal PendingQuery? Match(ReadOnlySpan<byte> packet, SocketAddress from)
    {
        if (packet.Length < DnsHeader.Size)
        {
            Interlocked.Increment(ref _counters.DroppedMalformed);
            return null;
        }
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        PendingQuery? query;
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out query))
            {
                Interlocked.Increment(ref _counters.DroppedUnknownId);
                LogDropped(_logger, "unknown id", id);
                return null;
            }
            if (!from.Equals(query.Server))
            {
                Interlocked.Increment(ref _counters.DroppedWrongSource);
                LogDropped(_logger, "wrong source", id);
                return null;
            }
            if (!QuestionMatches(packet, query))
            {
                Interlocked.Increment(ref _counters.DroppedWrongQuestion);
                LogDropped(_logger, "wrong question", id);
                return null;
            }
            _pending.Remove(id);
        }
        Interlocked.Increment(ref _counters.RepliesAccepted);
        return query;
    }

    /// <summary>QR set, exactly one question, and it is the one asked (name case-insensitively, type, class IN).</summary>
    internal static bool QuestionMatches(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> questionWire, DnsRecordType type)
    {
        if ((packet[2] & 0x80) == 0 || BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) != 1) return false;
        if (!DnsName.WireEquals(packet, DnsHeader.Size, questionWire, out int next) || next + 4 > packet.Length) return false;
        return BinaryPrimitives.ReadUInt16BigEndian(packet[next..]) == (ushort)type
            && BinaryPrimitives.ReadUInt16BigEndian(packet[(next + 2)..]) == (ushort)DnsClass.IN;
    }

    private static bool QuestionMatches(ReadOnlySpan<byte> packet, PendingQuery q) => QuestionMatches(packet, q.QuestionWire, q.Type);

    public void Dispose()
    {
        _sweeper.Dispose();
        _stop.Cancel();
        try
        {
            // Wakes a receiver waiting on the socket (Linux wakes readers even on an unconnected UDP socket).
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        _socket.Dispose();
        lock (_lock)
        {
            foreach (var q in _pending.Values) q.TrySetCanceled();
            _pending.Clear();
        }
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Debug, Message = "DNS reply dropped ({Why}), id {Id}")]
    private static partial void LogDropped(ILogger logger, string why, ushort id);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Debug, Message = "DNS UDP receive error {Error}")]
    private static partial void LogReceiveError(ILogger logger, SocketError error);
}
