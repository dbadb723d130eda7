using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Sift.Protocols.Clamd;

public sealed partial class ClamdClient
{
    /// <summary>
    /// Streams content to clamd with INSTREAM in chunks of <see cref="ClamdClientOptions.ChunkSize"/>
    /// bytes; memory stays at one chunk whatever the content's length.
    /// </summary>
    /// <param name="content">Read to its end (or until clamd answers early, e.g. past StreamMaxLength).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Clean, virus (with the name), clamd's error text, or <see cref="ClamdScanStatus.SizeLimitExceeded"/>.</returns>
    /// <exception cref="ClamdProtocolException">Unreachable, broken, timed out or not a scan reply.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    /// <remarks>Exceptions thrown by <paramref name="content"/> itself propagate unchanged.</remarks>
    public Task<ClamdScanResult> ScanStreamAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return InstreamAsync(new StreamSource(content), cancellationToken);
    }

    /// <summary>
    /// Streams the content of a <see cref="PipeReader"/> to clamd with INSTREAM, until the reader's
    /// end. The reader is advanced past what was sent and is not completed: its owner completes it.
    /// </summary>
    /// <param name="content">The content's reader.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Clean, virus (with the name), clamd's error text, or <see cref="ClamdScanStatus.SizeLimitExceeded"/>.</returns>
    /// <exception cref="ClamdProtocolException">Unreachable, broken, timed out or not a scan reply.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public Task<ClamdScanResult> ScanStreamAsync(PipeReader content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return InstreamAsync(new PipeSource(content), cancellationToken);
    }

    private async Task<ClamdScanResult> InstreamAsync<TSource>(TSource source, CancellationToken cancellationToken)
        where TSource : IChunkSource
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var socket = await ConnectAsync(timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(ClamdWriter.Instream, SocketFlags.None, timeout.Token).ConfigureAwait(false);

            // The reply is read while the content is sent: clamd answers (and closes) as soon as the
            // stream passes StreamMaxLength, and over TCP a close with unread data becomes a reset
            // that would discard a reply not yet read.
            var replyTask = ReceiveReplyAsync(socket, timeout.Token);
            try
            {
                await SendChunksAsync(socket, source, replyTask, timeout.Token).ConfigureAwait(false);
            }
            catch (SocketException) when (replyTask.IsCompleted || !timeout.IsCancellationRequested)
            {
                // clamd stopped reading; its reply (or the reason the connection broke) is in replyTask.
            }
            catch
            {
                timeout.Cancel();
                await ObserveAsync(replyTask).ConfigureAwait(false);
                throw;
            }
            var reply = await replyTask.ConfigureAwait(false);
            ClamdLog.Answered(_logger, _address, "INSTREAM", reply, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return ToScanResult(reply);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            ClamdLog.Failed(_logger, _address, "INSTREAM", translated.Failure, e);
            throw translated;
        }
    }

    private async Task SendChunksAsync<TSource>(Socket socket, TSource source, Task replyTask, CancellationToken cancellationToken)
        where TSource : IChunkSource
    {
        var chunkSize = _options.ChunkSize;
        var buffer = ArrayPool<byte>.Shared.Rent(ClamdWriter.ChunkHeaderLength + chunkSize);
        try
        {
            while (!replyTask.IsCompleted)
            {
                var read = await source.ReadAsync(buffer.AsMemory(ClamdWriter.ChunkHeaderLength, chunkSize), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    await socket.SendAsync(ClamdWriter.EndOfStream, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    return;
                }
                ClamdWriter.WriteChunkHeader(buffer, read);
                await socket.SendAsync(buffer.AsMemory(0, ClamdWriter.ChunkHeaderLength + read), SocketFlags.None, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try { await task.ConfigureAwait(false); }
        catch (Exception) { /* the operation already failed for another reason */ }
    }

    /// <summary>Fills a chunk from the content; 0 means the end.</summary>
    private interface IChunkSource
    {
        ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken);
    }

    private readonly struct StreamSource(Stream stream) : IChunkSource
    {
        public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
        {
            // Fill the chunk as far as the stream allows, so that small reads do not become tiny frames.
            var total = 0;
            while (total < destination.Length)
            {
                var read = await stream.ReadAsync(destination[total..], cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
            }
            return total;
        }
    }

    private readonly struct PipeSource(PipeReader reader) : IChunkSource
    {
        public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
        {
            var total = 0;
            while (total < destination.Length)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var take = (int)Math.Min(buffer.Length, destination.Length - total);
                buffer.Slice(0, take).CopyTo(destination.Span[total..]);
                total += take;
                reader.AdvanceTo(buffer.GetPosition(take));
                if (take == 0 && (result.IsCompleted || result.IsCanceled)) break;
                if (result.IsCompleted && take == buffer.Length) break;
            }
            return total;
        }
    }
}
