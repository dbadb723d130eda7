using System.Buffers;
using System.Net.Sockets;

namespace Sift.Protocols.Spamc;

public sealed partial class SpamcClient
{
    // One request on one connection: connect, head + body out, head + body in.
    private async Task<Answer> ExchangeAsync(
        string verb, Stream? message, string? user, SpamcCommand? command, Stream? output, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var token = timeout.Token;
        using var socket = CreateSocket();
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await ConnectAsync(socket, token).ConfigureAwait(false);
            await SendAsync(socket, verb, message, user, buffer, token).ConfigureAwait(false);
            return await ReceiveAsync(socket, verb, command, output, buffer, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"spamd at {_options.EndPoint} did not answer {verb} within {_options.Timeout.TotalSeconds:0.###} s");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Socket CreateSocket() => _options.EndPoint switch
    {
        UnixDomainSocketEndPoint => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
        System.Net.IPEndPoint ip => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp),
        _ => new Socket(SocketType.Stream, ProtocolType.Tcp), // a host name: dual-stack
    };

    private async Task ConnectAsync(Socket socket, CancellationToken token)
    {
        try
        {
            if (socket.ProtocolType == ProtocolType.Tcp) socket.NoDelay = true;
            await socket.ConnectAsync(_options.EndPoint, token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new SpamcProtocolException(SpamcProtocolError.Unreachable, $"cannot connect to spamd at {_options.EndPoint}: {e.SocketErrorCode}", e);
        }
    }

    private static async Task SendAsync(Socket socket, string verb, Stream? message, string? user, byte[] buffer, CancellationToken token)
    {
        long? length = message is { CanSeek: true } ? Math.Max(0, message.Length - message.Position) : null;
        var headLength = SpamcWriter.WriteHead(buffer, verb, message is null ? null : length, user);
        try
        {
            await socket.SendAsync(buffer.AsMemory(0, headLength), SocketFlags.None, token).ConfigureAwait(false);
            if (message is null) return;
            long sent = 0;
            while (true)
            {
                var want = length is { } total ? (int)Math.Min(buffer.Length, total - sent) : buffer.Length;
                if (want == 0) break;
                var read = await message.ReadAsync(buffer.AsMemory(0, want), token).ConfigureAwait(false);
                if (read == 0) break;
                await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, token).ConfigureAwait(false);
                sent += read;
            }
            if (length is null) socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // spamd may answer an error and close before reading the whole message; the answer,
            // if any, is read next, and a missing one becomes a ConnectionLost error there.
        }
    }

    private async Task<Answer> ReceiveAsync(
        Socket socket, string verb, SpamcCommand? command, Stream? output, byte[] buffer, CancellationToken token)
    {
        var filled = 0;
        var atEnd = false;
        SpamdAnswerHead head;
        int consumed;
        while (true)
        {
            var status = SpamcReader.TryReadHead(buffer.AsSpan(0, filled), atEnd, out head, out consumed, out var error);
            if (status == SpamcParseStatus.Done) break;
            if (status == SpamcParseStatus.Invalid) throw Invalid(error, verb, buffer.AsSpan(0, filled));
            if (filled == buffer.Length)
                throw new SpamcProtocolException(SpamcProtocolError.TooLarge, $"spamd's answer head to {verb} is longer than {SpamcReader.MaxHeadLength} bytes");
            var read = await ReceiveSomeAsync(socket, buffer.AsMemory(filled), verb, token).ConfigureAwait(false);
            if (read == 0) atEnd = true;
            filled += read;
        }
        if (head.Code != 0) throw new SpamcCommandException(head.Code, head.StatusMessage);

        var early = buffer.AsMemory(consumed, filled - consumed);
        if (command == SpamcCommand.Process && output is not null)
        {
            var copied = await CopyBodyAsync(socket, head, early, atEnd, output, buffer, verb, token).ConfigureAwait(false);
            return new Answer(head, [], copied);
        }
        var body = await ReadBodyAsync(socket, head, early, atEnd, verb, token).ConfigureAwait(false);
        return new Answer(head, body, 0);
    }

    private async Task<byte[]> ReadBodyAsync(
        Socket socket, SpamdAnswerHead head, ReadOnlyMemory<byte> early, bool atEnd, string verb, CancellationToken token)
    {
        var max = _options.MaxReportLength;
        if (head.ContentLength is { } length)
        {
            if (length > max) throw TooLarge(verb, max);
            var body = new byte[length];
            var have = Math.Min(early.Length, body.Length);
            early.Span[..have].CopyTo(body);
            while (have < body.Length)
            {
                var read = await ReceiveSomeAsync(socket, body.AsMemory(have), verb, token).ConfigureAwait(false);
                if (read == 0) throw Lost(verb, $"the body ended after {have} of {length} bytes");
                have += read;
            }
            return body;
        }
        // No Content-length (CHECK, PING): whatever follows until the peer closes, bounded.
        using var collected = new MemoryStream();
        collected.Write(early.Span);
        var scratch = new byte[4096];
        while (!atEnd)
        {
            var read = await ReceiveSomeAsync(socket, scratch, verb, token).ConfigureAwait(false);
            if (read == 0) break;
            if (collected.Length + read > max) throw TooLarge(verb, max);
            collected.Write(scratch, 0, read);
        }
        return collected.ToArray();
    }

    private async Task<long> CopyBodyAsync(
        Socket socket, SpamdAnswerHead head, ReadOnlyMemory<byte> early, bool atEnd, Stream output, byte[] buffer, string verb, CancellationToken token)
    {
        var limit = head.ContentLength ?? _options.MaxProcessedLength;
        if (limit > _options.MaxProcessedLength) throw TooLarge(verb, _options.MaxProcessedLength);
        var take = (int)Math.Min(early.Length, limit);
        await output.WriteAsync(early[..take], token).ConfigureAwait(false);
        long copied = take;
        while (copied < limit && !atEnd)
        {
            var want = (int)Math.Min(buffer.Length, limit - copied);
            var read = await ReceiveSomeAsync(socket, buffer.AsMemory(0, want), verb, token).ConfigureAwait(false);
            if (read == 0) break;
            await output.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
            copied += read;
        }
        if (head.ContentLength is { } expected && copied < expected)
            throw Lost(verb, $"the body ended after {copied} of {expected} bytes");
        return copied;
    }

    private static async ValueTask<int> ReceiveSomeAsync(Socket socket, Memory<byte> into, string verb, CancellationToken token)
    {
        try
        {
            return await socket.ReceiveAsync(into, SocketFlags.None, token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new SpamcProtocolException(SpamcProtocolError.ConnectionLost, $"the connection to spamd broke while reading the answer to {verb}: {e.SocketErrorCode}", e);
        }
    }

    private static SpamcProtocolException Invalid(SpamcProtocolError error, string verb, ReadOnlySpan<byte> received)
    {
        if (error == SpamcProtocolError.ConnectionLost) return Lost(verb, "spamd closed the connection without answering");
        var firstLine = received[..Math.Min(received.Length, 80)];
        var nl = firstLine.IndexOfAny((byte)'\r', (byte)'\n');
        if (nl >= 0) firstLine = firstLine[..nl];
        var shown = new string(System.Text.Encoding.ASCII.GetString(firstLine).Select(c => c is >= ' ' and < '\x7f' ? c : '?').ToArray());
        return new SpamcProtocolException(error, $"spamd's answer to {verb} is not SPAMD ({error}): '{shown}'");
    }

    private static SpamcProtocolException Lost(string verb, string what) =>
        new(SpamcProtocolError.ConnectionLost, $"the connection to spamd broke during {verb}: {what}");

    private static SpamcProtocolException TooLarge(string verb, long max) =>
        new(SpamcProtocolError.TooLarge, $"spamd's answer to {verb} is larger than the limit of {max} bytes");
}
