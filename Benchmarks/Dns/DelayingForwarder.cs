using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sift.Benchmarks.Dns;

/// <summary>
/// A non-blocking UDP forwarder that holds every query for a fixed delay before passing it to the
/// upstream server, and passes answers straight back: DNS latency on loopback without netem.
/// Queries get a forwarder ID so that answers find their client; it can also drop a share of
/// queries to simulate loss.
/// </summary>
internal sealed class DelayingForwarder : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _upstream;
    private readonly TimeSpan _delay;
    private readonly double _dropShare;
    private readonly ConcurrentDictionary<ushort, (EndPoint Client, ushort Id)> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;

    public DelayingForwarder(IPEndPoint upstream, TimeSpan delay, double dropShare = 0)
    {
        _upstream = upstream;
        _delay = delay;
        _dropShare = dropShare;
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_front.LocalEndPoint!;
        _ = Task.Run(FrontLoopAsync);
        _ = Task.Run(BackLoopAsync);
    }

    /// <summary>Where clients send their queries.</summary>
    public IPEndPoint EndPoint { get; }

    private async Task FrontLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await _front.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            if (r.ReceivedBytes < 12 || Random.Shared.NextDouble() < _dropShare) continue;
            var packet = buffer.AsSpan(0, r.ReceivedBytes).ToArray();
            ushort id = (ushort)Interlocked.Increment(ref _nextId);
            _pending[id] = (r.RemoteEndPoint, BinaryPrimitives.ReadUInt16BigEndian(packet));
            BinaryPrimitives.WriteUInt16BigEndian(packet, id);
            _ = ForwardLaterAsync(packet, Stopwatch.GetTimestamp() + (long)(_delay.TotalSeconds * Stopwatch.Frequency));
        }
    }

    /// <summary>Sleeps until 2 ms before <paramref name="due"/>, then yields until it: timers alone fire 1–2 ms late.</summary>
    private async Task ForwardLaterAsync(byte[] packet, long due)
    {
        try
        {
            var coarse = _delay - TimeSpan.FromMilliseconds(2);
            if (coarse > TimeSpan.Zero) await Task.Delay(coarse, _stop.Token);
            while (Stopwatch.GetTimestamp() < due) await Task.Yield();
            await _back.SendToAsync(packet, SocketFlags.None, _upstream);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private async Task BackLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await _back.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            if (r.ReceivedBytes < 12 || !_pending.TryRemove(BinaryPrimitives.ReadUInt16BigEndian(buffer), out var back)) continue;
            BinaryPrimitives.WriteUInt16BigEndian(buffer, back.Id);
            try { await _front.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), SocketFlags.None, back.Client); }
            catch (SocketException) { }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _front.Dispose();
        _back.Dispose();
    }
}
