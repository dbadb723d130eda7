using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sift.Benchmarks.Mta;

/// <summary>
/// A minimal SMTP client for the load tool: one connection, one command at a time (no pipelining,
/// like smtp-source), replies read whole (multi-line replies end at the line whose fourth byte is
/// a space). Every read and write is bounded by the caller's token.
/// </summary>
internal sealed class SmtpSession : IAsyncDisposable
{
    private const int MaxReply = 64 * 1024;
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    private SmtpSession(Socket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="endPoint"/> (from <paramref name="source"/> when given) and reads the greeting.</summary>
    public static async Task<(SmtpSession Session, int Code)> ConnectAsync(IPEndPoint endPoint, IPAddress? source, CancellationToken cancel)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null) { socket.Bind(new IPEndPoint(source, 0)); }
            await socket.ConnectAsync(endPoint, cancel);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var session = new SmtpSession(socket);
        return (session, await session.ReadReplyAsync(cancel));
    }

    /// <summary>Sends <paramref name="line"/> (CRLF appended) and returns the reply code.</summary>
    public async Task<int> CommandAsync(string line, CancellationToken cancel)
    {
        await SendAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancel);
        return await ReadReplyAsync(cancel);
    }

    /// <summary>Sends raw bytes (a dot-stuffed message ending in CRLF.CRLF) and returns the reply code.</summary>
    public async Task<int> SendDataAsync(ReadOnlyMemory<byte> message, CancellationToken cancel)
    {
        await SendAsync(message, cancel);
        return await ReadReplyAsync(cancel);
    }

    /// <summary>Sends QUIT without waiting for the answer, then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync("QUIT\r\n"u8.ToArray(), quick.Token);
            await ReadReplyAsync(quick.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException) { }
        _socket.Dispose();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancel)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None, cancel);
            data = data[sent..];
        }
    }

    /// <summary>Reads one (possibly multi-line) reply and returns its code; 0 when it is malformed.</summary>
    private async Task<int> ReadReplyAsync(CancellationToken cancel)
    {
        var total = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline < 0)
            {
                if (total > MaxReply) { throw new IOException("SMTP reply too long"); }
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                if (_end == _buffer.Length) { throw new IOException("SMTP reply line too long"); }
                var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancel);
                if (n == 0) { throw new IOException("the SMTP server closed the connection"); }
                _end += n;
                total += n;
                continue;
            }
            var line = _buffer.AsSpan(_start, newline - _start);
            _start = newline + 1;
            if (line.Length < 3) { return 0; }
            var code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (line.Length < 4 || line[3] != '-') { return code is >= 200 and < 600 ? code : 0; }
        }
    }
}
