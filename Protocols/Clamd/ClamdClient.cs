using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sift.Protocols.Clamd;

/// <summary>
/// Talks to clamd over a unix socket or TCP: PING, VERSION, SCAN of a path on clamd's host and
/// INSTREAM of content streamed from a <see cref="Stream"/> or a <see cref="System.IO.Pipelines.PipeReader"/>.
/// Each operation opens its own connection (clamd closes it after one <c>z</c> command), so one
/// client is safe to share between any number of concurrent callers.
/// </summary>
public sealed partial class ClamdClient
{
    private readonly ClamdClientOptions _options;
    private readonly ILogger _logger;
    private readonly string _address;

    /// <summary>Creates a client; nothing is opened until an operation runs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ClamdClient(ClamdClientOptions options, ILogger<ClamdClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _address = options.Address.ToString();
    }

    /// <summary>The options this client was made with.</summary>
    public ClamdClientOptions Options => _options;

    /// <summary>Sends PING and expects PONG.</summary>
    /// <exception cref="ClamdProtocolException">No PONG: unreachable, timed out or another answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CommandAsync("PING", ClamdWriter.Ping, cancellationToken).ConfigureAwait(false);
        if (reply != "PONG") throw ClamdProtocolException.Create(ClamdFailure.MalformedReply, _address, "PING answered: " + reply);
    }

    /// <summary>Sends VERSION and returns clamd's answer, e.g. <c>ClamAV 1.4.6/27000/Sat Nov 21 …</c>.</summary>
    /// <exception cref="ClamdProtocolException">Unreachable, timed out or not a version string.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CommandAsync("VERSION", ClamdWriter.Version, cancellationToken).ConfigureAwait(false);
        if (!reply.StartsWith("ClamAV ", StringComparison.Ordinal))
            throw ClamdProtocolException.Create(ClamdFailure.MalformedReply, _address, "VERSION answered: " + reply);
        return reply;
    }

    /// <summary>Asks clamd to SCAN a file by path; the file must be readable by clamd on its own host.</summary>
    /// <param name="path">An absolute path as clamd sees it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Clean, virus (with the name) or clamd's error text (e.g. no such file).</returns>
    /// <exception cref="ArgumentException">The path is not absolute or contains NUL/newline.</exception>
    /// <exception cref="ClamdProtocolException">Unreachable, timed out or not a scan reply.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<ClamdScanResult> ScanFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var command = ClamdWriter.Scan(path);
        var reply = await CommandAsync("SCAN", command, cancellationToken).ConfigureAwait(false);
        return ToScanResult(reply);
    }

    private ClamdScanResult ToScanResult(string reply)
        => ClamdReader.TryParseScanReply(reply, out var result)
            ? result
            : throw ClamdProtocolException.Create(ClamdFailure.MalformedReply, _address, reply);

    private async Task<string> CommandAsync(string name, ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var socket = await ConnectAsync(timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(command, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var reply = await ReceiveReplyAsync(socket, timeout.Token).ConfigureAwait(false);
            ClamdLog.Answered(_logger, _address, name, reply, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return reply;
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            ClamdLog.Failed(_logger, _address, name, translated.Failure, e);
            throw translated;
        }
    }

    private async ValueTask<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _options.Address.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw ClamdProtocolException.Create(ClamdFailure.ConnectFailed, _address, e.Message, e);
        }
    }

    /// <summary>Reads one NUL-terminated reply, bounded by <see cref="ClamdClientOptions.MaxReplyLength"/>.</summary>
    private async Task<string> ReceiveReplyAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxReplyLength);
        try
        {
            var filled = 0;
            while (true)
            {
                var limit = Math.Min(buffer.Length, _options.MaxReplyLength);
                if (filled == limit)
                    throw ClamdProtocolException.Create(ClamdFailure.ReplyTooLong, _address, $"no NUL within {limit} bytes");
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled, limit - filled), SocketFlags.None, cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    var partial = filled == 0 ? "closed without a reply" : "closed after a partial reply";
                    throw ClamdProtocolException.Create(ClamdFailure.ConnectionLost, _address, partial);
                }
                filled += read;
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, 0, filled));
                if (ClamdReader.TryReadReply(ref reader, out var reply)) return ClamdReader.Decode(reply);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Maps what escaped an operation to the one exception callers handle; null lets it through.</summary>
    private ClamdProtocolException? Translate(Exception e, CancellationToken callerToken) => e switch
    {
        ClamdProtocolException p => p,
        OperationCanceledException when callerToken.IsCancellationRequested => null,
        OperationCanceledException => ClamdProtocolException.Create(ClamdFailure.TimedOut, _address,
            $"no answer within {_options.Timeout.TotalMilliseconds:0} ms", e),
        SocketException s => ClamdProtocolException.Create(ClamdFailure.ConnectionLost, _address, s.Message, s),
        _ => null,
    };
}
