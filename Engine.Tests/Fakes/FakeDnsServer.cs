using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sift.Protocols.Dns;

namespace Sift.Engine.Tests.Fakes;

/// <summary>
/// An in-process UDP (and optionally TCP) DNS server on a loopback port, for what unbound cannot
/// do on demand: never answer, answer SERVFAIL, send a spoofed reply first, truncated or malformed
/// packets. The handler gets each query and returns the datagrams to send back (in order, from
/// the server's own socket unless it sends them itself).
/// </summary>
public sealed class FakeDnsServer : IDisposable
{
    private readonly Socket _udp;
    private readonly TcpListener? _tcp;
    private readonly Func<DnsMessage, byte[], IReadOnlyList<byte[]>> _handler;
    private readonly Func<DnsMessage, byte[]>? _tcpHandler;
    private readonly CancellationTokenSource _stop = new();
    private int _queries;

    /// <summary>Starts the server; <paramref name="tcpHandler"/> non-null also opens TCP on the same port.</summary>
    public FakeDnsServer(Func<DnsMessage, byte[], IReadOnlyList<byte[]>> handler, Func<DnsMessage, byte[]>? tcpHandler = null)
    {
        _handler = handler;
        _tcpHandler = tcpHandler;
        // UDP and TCP on the same port: take a free TCP port first, then UDP on it (bounded retries).
        for (int attempt = 0; ; attempt++)
        {
            _tcp = tcpHandler is null ? null : new TcpListener(IPAddress.Loopback, 0);
            _tcp?.Start();
            int port = _tcp is null ? 0 : ((IPEndPoint)_tcp.LocalEndpoint).Port;
            _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                _udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                break;
            }
            catch (SocketException) when (attempt < 20)
            {
                _udp.Dispose();
                _tcp?.Stop();
            }
        }
        EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        _ = Task.Run(UdpLoopAsync);
        if (_tcp is not null) _ = Task.Run(TcpLoopAsync);
    }

    /// <summary>Where the server listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Queries received so far (UDP and TCP).</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>Sends <paramref name="datagram"/> to <paramref name="to"/> from a different socket (another source port): a spoofing attempt.</summary>
    public static void SendFromElsewhere(byte[] datagram, EndPoint to)
    {
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        other.SendTo(datagram, to);
    }

    /// <summary>A reply to <paramref name="query"/> with the given rcode, flags and answers (QR, RD, RA set).</summary>
    public static byte[] Reply(DnsMessage query, DnsResponseCode rcode = DnsResponseCode.NoError, bool truncated = false, params DnsRecord[] answers)
    {
        var q = query.Questions[0];
        var w = new DnsWriter().Question(q.Name, q.Type);
        foreach (var a in answers) w.Answer(a);
        ushort flags = (ushort)(0x8000 | 0x0100 | 0x0080 | (truncated ? 0x0200 : 0) | (int)rcode);
        return w.ToArray(query.Header.Id, flags);
    }

    /// <summary>The last client address seen, for handlers that answer from elsewhere.</summary>
    public EndPoint? LastClient { get; private set; }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _queries);
            LastClient = r.RemoteEndPoint;
            var bytes = buffer.AsSpan(0, r.ReceivedBytes).ToArray();
            if (DnsReader.TryRead(bytes, out var query) != DnsParseError.None) continue;
            foreach (var d in _handler(query!, bytes))
            {
                try { await _udp.SendToAsync(d, SocketFlags.None, r.RemoteEndPoint); } catch (SocketException) { }
            }
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _tcp!.AcceptSocketAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(async () =>
            {
                using var c = client;
                try
                {
                    var len = new byte[2];
                    await c.ReceiveAsync(len, SocketFlags.None);
                    var q = new byte[BinaryPrimitives.ReadUInt16BigEndian(len)];
                    int got = 0;
                    while (got < q.Length) got += await c.ReceiveAsync(q.AsMemory(got), SocketFlags.None);
                    Interlocked.Increment(ref _queries);
                    if (DnsReader.TryRead(q, out var query) != DnsParseError.None) return;
                    var reply = _tcpHandler!(query!);
                    var frame = new byte[reply.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)reply.Length);
                    reply.CopyTo(frame, 2);
                    await c.SendAsync(frame, SocketFlags.None);
                }
                catch (SocketException) { }
            });
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp?.Stop();
    }
}
