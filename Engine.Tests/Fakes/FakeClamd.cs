using System.Net;
using System.Net.Sockets;
using System.Text;
using Sift.Protocols.Net;

namespace Sift.Engine.Tests.Fakes;

/// <summary>
/// A misbehaving clamd on loopback, for what the real daemon cannot be made to do on demand:
/// accept and then never answer, reset the connection in the middle of a stream, or answer garbage.
/// </summary>
public sealed class FakeClamd : IAsyncDisposable
{
    /// <summary>How the fake misbehaves.</summary>
    public enum Mode
    {
        /// <summary>Accepts, reads whatever arrives, never answers.</summary>
        Stall,
        /// <summary>Accepts, reads the first bytes, then resets the connection (RST).</summary>
        ResetMidStream,
        /// <summary>Answers the first bytes with a NUL-terminated reply that is not clamd's.</summary>
        Garbage,
        /// <summary>Answers with a reply that never ends (no NUL).</summary>
        Endless,
    }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Mode _mode;
    private readonly Task _acceptLoop;
    private int _accepted;

    /// <summary>Starts listening on a free loopback port.</summary>
    public FakeClamd(Mode mode)
    {
        _mode = mode;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The fake's address.</summary>
    public EndpointAddress Address => EndpointAddress.Tcp("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoopAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                connections.Add(HandleAsync(socket));
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        await Task.WhenAll(connections);
    }

    private async Task HandleAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var first = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            switch (_mode)
            {
                case Mode.Stall:
                    // Keep reading (so the client is not stopped by a full window) but never answer.
                    while (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0) { }
                    break;
                case Mode.ResetMidStream:
                    // Wait for some stream bytes after the command, then reset.
                    var total = first;
                    while (total < 1024 && first > 0) total += first = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    socket.LingerState = new LingerOption(true, 0);
                    break;
                case Mode.Garbage:
                    await socket.SendAsync(Encoding.ASCII.GetBytes("\u0001HELLO I AM NOT CLAMD\0"), SocketFlags.None, _stop.Token);
                    break;
                case Mode.Endless:
                    var junk = new byte[1024];
                    Array.Fill(junk, (byte)'x');
                    for (var i = 0; i < 64; i++) await socket.SendAsync(junk, SocketFlags.None, _stop.Token);
                    break;
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        finally
        {
            socket.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
