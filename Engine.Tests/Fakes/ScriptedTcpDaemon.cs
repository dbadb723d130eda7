using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sift.Engine.Tests.Fakes;

/// <summary>
/// A loopback TCP daemon that misbehaves on demand, for what a real daemon will not do when
/// asked: stall after accepting, reset mid-answer, answer garbage. Each accepted connection is
/// served by a script; the daemon stops (and drops every connection) when disposed.
/// </summary>
public sealed class ScriptedTcpDaemon : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    /// <summary>Starts listening on a free loopback port; <paramref name="serve"/> runs once per connection.</summary>
    public ScriptedTcpDaemon(Func<Socket, CancellationToken, Task> serve)
    {
        _serve = serve;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where the daemon listens.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string HostPort => $"127.0.0.1:{EndPoint.Port}";

    /// <summary>How many connections were accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Reads the request, then never answers (until the daemon is disposed).</summary>
    public static ScriptedTcpDaemon Stalling() => new(async (socket, stop) =>
    {
        await ReadRequestAsync(socket, stop);
        await Task.Delay(Timeout.Infinite, stop);
    });

    /// <summary>Reads the request, writes <paramref name="answer"/>, closes.</summary>
    public static ScriptedTcpDaemon Answering(string answer) => new(async (socket, stop) =>
    {
        await ReadRequestAsync(socket, stop);
        await socket.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, stop);
        socket.Shutdown(SocketShutdown.Both);
    });

    /// <summary>Reads the request, writes the first part of an answer, then resets the connection (RST).</summary>
    public static ScriptedTcpDaemon ResettingAfter(string partialAnswer) => new(async (socket, stop) =>
    {
        await ReadRequestAsync(socket, stop);
        await socket.SendAsync(Encoding.ASCII.GetBytes(partialAnswer), SocketFlags.None, stop);
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    });

    /// <summary>
    /// Reads one request: a head up to the empty line, then <c>Content-length</c> bytes of body
    /// (none when the head has no length). Returns the head as text; empty when the peer closed.
    /// </summary>
    public static async Task<string> ReadRequestAsync(Socket socket, CancellationToken stop)
    {
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop);
            if (n == 0) return "";
            received.AddRange(buffer.AsSpan(0, n));
        }
        var head = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
        long remaining = ContentLength(head) - (received.Count - headEnd - 4);
        while (remaining > 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop);
            if (n == 0) break;
            remaining -= n;
        }
        return head;
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        return -1;
    }

    private static long ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
            if (line.StartsWith("Content-length:", StringComparison.OrdinalIgnoreCase))
                return long.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            Interlocked.Increment(ref _accepted);
            lock (_connections) _connections.Add(ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try { await _serve(socket, _stop.Token); }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        finally { socket.Dispose(); }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop;
        Task[] open;
        lock (_connections) open = [.. _connections];
        await Task.WhenAll(open);
        _stop.Dispose();
    }
}
