using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Milter;

/// <summary>
/// One MTA connection on the server side: a thin async loop that fetches bytes, a synchronous
/// framing step (<see cref="MilterReader"/>), the state table, the handler's callbacks and one
/// write per answer. Anything malformed, oversized or out of order ends this connection only.
/// </summary>
internal sealed partial class MilterConnection
{
    private static readonly byte[] TempFailPacket = [0, 0, 0, 1, (byte)MilterReplyCode.TempFail];

    private readonly Socket _socket;
    private readonly MilterServerOptions _options;
    private readonly Func<MilterHandler> _factory;
    private readonly ILogger _logger;
    private readonly CancellationToken _abort;
    private readonly CancellationTokenSource _closed;
    private readonly MilterWriter _writer = new();
    private readonly MilterContext _context;
    private readonly string _peer;
    private readonly bool _quickAck;
    private readonly long[] _received;
    private MilterHandler _handler;
    private long _requests;
    private long _sends;

    /// <summary>
    /// When the connection began to wait for the MTA's next command (a <see cref="TimeProvider"/>
    /// timestamp), <see cref="NotWaiting"/> while a command is handled, <see cref="Expired"/> once the
    /// server's sweep closed it. Changed by compare-and-swap, so that a command that arrives just as
    /// the sweep looks is either handled or timed out, never both.
    /// </summary>
    private long _waitingSince = NotWaiting;

    private const long NotWaiting = long.MaxValue;
    private const long Expired = long.MinValue;

    public MilterConnection(Socket socket, long id, MilterServerOptions options, Func<MilterHandler> factory, ILogger logger, long[] received, CancellationToken abort)
    {
        _received = received;
        _socket = socket;
        Id = id;
        _options = options;
        _factory = factory;
        _logger = logger;
        _abort = abort;
        _peer = socket.RemoteEndPoint?.ToString() is { Length: > 0 } peer ? peer : "local";
        _closed = CancellationTokenSource.CreateLinkedTokenSource(abort);
        // Linux holds the ACK of a packet it does not answer for up to 40 ms; see QuickAck.
        _quickAck = OperatingSystem.IsLinux() && socket.ProtocolType == ProtocolType.Tcp;
        _context = new MilterContext(_writer, FlushAsync, _closed.Token);
        _handler = factory();
    }

    public long Id { get; }

    /// <summary>True while the connection waits for the MTA's next command.</summary>
    public bool IsWaitingForCommand => Volatile.Read(ref _waitingSince) is not NotWaiting and not Expired;

    /// <summary>
    /// Called by the server's sweep: closes the session if it has waited for a command since before
    /// <paramref name="deadline"/> (a timestamp of the server's clock); true when it did.
    /// </summary>
    public bool ExpireIfWaitingSince(long deadline)
    {
        var since = Volatile.Read(ref _waitingSince);
        if (since == NotWaiting || since == Expired || since > deadline ||
            Interlocked.CompareExchange(ref _waitingSince, Expired, since) != since)
        {
            return false;
        }
        // Off the sweep's thread: the cancelled read's continuation closes the session.
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.CancelClosed(), this, preferLocal: false);
        return true;
    }

    /// <summary>Answers tempfail at once and closes, for a connection over the limit.</summary>
    public static async Task RefuseAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                await socket.SendAsync(TempFailPacket, SocketFlags.None).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Send);
                // Drain what the MTA already sent (its negotiation) so that closing does not reset
                // the connection before it reads the tempfail; bounded to one second.
                using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                var scratch = new byte[512];
                while (await socket.ReceiveAsync(scratch, SocketFlags.None, drain.Token).ConfigureAwait(false) > 0) { }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    public async Task RunAsync()
    {
        var stream = new NetworkStream(_socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: false, useZeroByteReads: true));
        try
        {
            await LoopAsync(reader).ConfigureAwait(false);
        }
        catch (MilterProtocolException e)
        {
            _logger.ProtocolError(Id, _peer, e.Message);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // The server stopped and the grace period is over: answer tempfail and close.
            await TrySendAsync(TempFailPacket).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.CommandTimedOut(Id, _peer, _options.CommandTimeout);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _logger.ConnectionLost(Id, _peer, e.Message);
        }
        finally
        {
            // No sweep may close it from now on; the callbacks on Closed run here, synchronously.
            Volatile.Write(ref _waitingSince, NotWaiting);
            CancelClosed();
            await CloseHandlerAsync().ConfigureAwait(false);
            await reader.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            _writer.Dispose();
            _closed.Dispose();
        }
    }

    private void CancelClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile.
        }
    }

    private async Task LoopAsync(PipeReader reader)
    {
        var time = _options.TimeProvider;
        while (true)
        {
            if (!reader.TryRead(out var result))
            {
                Volatile.Write(ref _waitingSince, time.GetTimestamp());
                result = await reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                if (Interlocked.Exchange(ref _waitingSince, NotWaiting) == Expired)
                {
                    // The sweep closed the session as the command arrived.
                    throw new OperationCanceledException(_closed.Token);
                }
            }
            var buffer = result.Buffer;
            var keepGoing = true;
            var unanswered = false;
            while (keepGoing && TryReadPacket(ref buffer, out var packet))
            {
                if (++_requests > _options.MaxRequestsPerConnection)
                {
                    _logger.TooManyRequests(Id, _peer, _options.MaxRequestsPerConnection);
                    await TrySendAsync(TempFailPacket).ConfigureAwait(false);
                    return;
                }
                var sends = _sends;
                keepGoing = await HandleAsync(packet).ConfigureAwait(false);
                unanswered = _sends == sends;
            }
            if (!keepGoing)
            {
                return;
            }
            if (unanswered)
            {
                QuickAck();
            }
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    MilterProtocolException.Throw(MilterProtocolError.TruncatedPacket, $"{buffer.Length} byte(s) left at end of stream");
                }
                _logger.ConnectionLost(Id, _peer, "closed by the MTA without quit");
                return;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// After reading commands that get no reply (macros, <c>SMFIP_NR_*</c> stages), acknowledges them
    /// at once. The MTA writes its next packet with Nagle on (Postfix does): that packet waits until
    /// the previous one is acknowledged, and Linux delays the ACK of data it does not answer by up to
    /// 40 ms. <c>TCP_QUICKACK</c> sends the pending ACK now; TCP_NODELAY stays on for our own writes.
    /// </summary>
    private void QuickAck()
    {
        if (!_quickAck)
        {
            return;
        }
        const int IpProtoTcp = 6, TcpQuickAck = 12;
        Span<byte> on = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(on, 1);
        try
        {
            _socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, on);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private bool TryReadPacket(ref System.Buffers.ReadOnlySequence<byte> buffer, out MilterPacket packet)
    {
        var sequenceReader = new System.Buffers.SequenceReader<byte>(buffer);
        if (!MilterReader.TryReadPacket(ref sequenceReader, _options.MaxPacketDataLength, out packet))
        {
            return false;
        }
        buffer = buffer.Slice(sequenceReader.Position);
        return true;
    }

    private async ValueTask FlushAsync()
    {
        if (_writer.Length == 0)
        {
            return;
        }
        // One send per answer: the whole packet (or the modifications and the reply) leaves together.
        // Cancelled when the server gives up on the session, so an MTA that stops reading cannot hold it.
        await _socket.SendAsync(_writer.Written, SocketFlags.None, _closed.Token).ConfigureAwait(false);
        _writer.Clear();
        _sends++;
    }

    private async ValueTask TrySendAsync(byte[] packet)
    {
        try
        {
            await _socket.SendAsync(packet, SocketFlags.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private async ValueTask CloseHandlerAsync()
    {
        try
        {
            await _handler.OnCloseAsync(_context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.CallbackFailed(e, MilterCommand.Quit, Id, MilterResponse.Continue);
        }
    }
}
