using System.Buffers;
using System.Net.Sockets;

namespace Sift.Protocols.Spamc;

public sealed partial class SpamcClient
{
    // One request on one connection: connect, then head + body out while the answer is read.
    // Reading while sending matters: spamd answers some errors (an unknown verb) at once and
    // closes; body bytes that then reach it draw a reset, which would discard an answer not yet
    // read. A send that fails on the caller's stream aborts the read.
    private async Task<Answer> ExchangeAsync(
        string verb, Stream? message, string? user, SpamcCommand? command, Stream? output, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var token = timeout.Token;
        using var socket = CreateSocket();
        var sendBuffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        var receiveBuffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await ConnectAsync(socket, token).ConfigureAwait(false);
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(token);
            var sending = SendAsync(socket, verb, message, user, sendBuffer, abort.Token);
            var receiving = ReceiveAsync(socket, verb, command, output, receiveBuffer, abort.Token);
            if (await Task.WhenAny(sending, receiving).ConfigureAwait(false) == sending && sending.IsFaulted)
            {
                await abort.CancelAsync().ConfigureAwait(false);
                await ((Task)receiving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await sending.ConfigureAwait(false); // throws the caller stream's error
            }
            try
            {
                return await receiving.ConfigureAwait(false);
            }
            finally
            {
                if (!sending.IsCompleted) await abort.CancelAsync().ConfigureAwait(false);
                await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (SpamcCommandException e)
        {
            SpamcLog.Refused(_logger, _options.EndPoint.ToString()!, verb, e.Code, e.StatusMessage);
            throw;
        }
        catch (SpamcProtocolException e)
        {
            SpamcLog.Failed(_logger, _options.EndPoint.ToString()!, verb, e.Message);
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            SpamcLog.Failed(_logger, _options.EndPoint.ToString()!, verb, "timed out");
            throw new TimeoutException($"spamd at {_options.EndPoint} did not answer {verb} within {_options.Timeout.TotalSeconds:0.###} s");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sendBuffer);
            ArrayPool<byte>.Shared.Return(receiveBuffer);
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

    // The head goes out with the first chunk of the body, so that a small message reaches spamd
    // in one segment and spamd never closes on unread bytes.
    private static async Task SendAsync(Socket socket, string verb, Stream? message, string? user, byte[] buffer, CancellationToken token)
    {
        long? length = message is { CanSeek: true } ? Math.Max(0, message.Length - message.Position) : null;
        var pending = SpamcWriter.WriteHead(buffer, verb, message is null ? null : length, user);
        try
        {
            long sent = 0;
            while (true)
            {
                var room = buffer.Length - pending;
                var want = message is null ? 0 : length is { } total ? (int)Math.Min(room, total - sent) : room;
                var read = want == 0 ? 0 : await message!.ReadAsync(buffer.AsMemory(pending, want), token).ConfigureAwait(false);
                pending += read;
                sent += read;
                if (pending > 0) await socket.SendAsync(buffer.AsMemory(0, pending), SocketFlags.None, token).ConfigureAwait(false);
                pending = 0;
                if (read == 0) break;
            }
            if (message is not null && length is null) socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // spamd may answer an error and close before reading the whole message; the
            // concurrent read has its answer, or reports the broken connection.
        }
    }

    private async Task<Answer> ReceiveAsync(
        Socket socket, string verb, SpamcCommand? command, Stream? output, byte[] buffer, CancellationToken token)
    {
        var filled = 0;
        var atEnd = false;
        var reset = false;
        SpamdAnswerHead head;
        int consumed;
        while (true)
        {
            var status = SpamcReader.TryReadHead(buffer.AsSpan(0, filled), atEnd, out head, out consumed, out var error);
            if (status == SpamcParseStatus.Done && !(reset && head.Code == 0)) break;
            if (reset) throw Lost(verb, "the connection was reset before the answer's head was complete");
            if (status == SpamcParseStatus.Invalid) throw Invalid(error, verb, buffer.AsSpan(0, filled));
            if (filled == buffer.Length)
                throw new SpamcProtocolException(SpamcProtocolError.TooLarge, $"spamd's answer head to {verb} is longer than {SpamcReader.MaxHeadLength} bytes");
            int read;
            try
            {
                read = await ReceiveSomeAsync(socket, buffer.AsMemory(filled), verb, token).ConfigureAwait(false);
            }
            catch (SpamcProtocolException) when (filled > 0)
            {
                // spamd's error answers are a bare status line followed by a close; when body
                // bytes still in flight draw a reset, the reset stands for that close.
                read = 0;
                reset = true;
            }
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
