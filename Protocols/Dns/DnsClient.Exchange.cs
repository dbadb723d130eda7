using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Sift.Protocols.Dns;

public sealed partial class DnsClient
{
    /// <summary>The outcome of one query (one question, every try): a parsed reply or why there is none.</summary>
    private readonly record struct Exchange(DnsQueryStatus Status, DnsMessage? Message, IPEndPoint? Server, bool ViaTcp, string? Error);

    /// <summary>
    /// Sends one question: for each attempt, each server in turn (rotated when configured), one UDP
    /// try bounded by the timeout; a truncated answer is repeated over TCP to the same server;
    /// SERVFAIL/REFUSED/NOTIMP/FORMERR and malformed replies move on to the next server.
    /// </summary>
    private async Task<Exchange> ExchangeAsync(string name, DnsRecordType type, CancellationToken ct)
    {
        Span<byte> encoded = stackalloc byte[DnsName.MaxWireLength + 1];
        var questionWire = encoded[..DnsName.TryEncode(name, encoded)].ToArray();
        var packet = ArrayPool<byte>.Shared.Rent(512);
        try
        {
            int length = DnsWriter.WriteQuery(packet, 0, questionWire, type, recursionDesired: true, _options.EdnsPayloadSize);
            var servers = _options.Servers;
            int first = _options.Rotate ? (int)((uint)Interlocked.Increment(ref _nextServer) % (uint)servers.Count) : 0;
            Exchange last = new(DnsQueryStatus.TimedOut, null, null, false, "no answer from any nameserver");
            for (int attempt = 0; attempt < _options.Attempts; attempt++)
            {
                for (int s = 0; s < servers.Count; s++)
                {
                    int index = (first + s) % servers.Count;
                    var server = servers[index];
                    var reply = await UdpTryAsync(server, _serverAddresses[index], questionWire, type, packet, length, ct).ConfigureAwait(false);
                    if (reply is null)
                    {
                        Interlocked.Increment(ref Counters.TimedOutTries);
                        if (last.Status == DnsQueryStatus.TimedOut) last = last with { Server = server };
                        continue;
                    }
                    bool viaTcp = false;
                    if (reply.Length > 2 && (reply[2] & 0x02) != 0)
                    {
                        Interlocked.Increment(ref Counters.TcpFallbacks);
                        viaTcp = true;
                        try
                        {
                            reply = await TcpTryAsync(server, questionWire, type, packet, length, ct).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is SocketException or IOException or DnsProtocolException)
                        {
                            last = new Exchange(DnsQueryStatus.Error, null, server, true, $"TCP to {server}: {e.Message}");
                            continue;
                        }
                        if (reply is null)
                        {
                            last = new Exchange(DnsQueryStatus.TimedOut, null, server, true, $"no answer over TCP from {server}");
                            continue;
                        }
                    }
                    var err = DnsReader.TryRead(reply, out var message);
                    if (err != DnsParseError.None)
                    {
                        Interlocked.Increment(ref Counters.DroppedMalformed);
                        LogMalformed(_logger, server, err);
                        last = new Exchange(DnsQueryStatus.Error, null, server, viaTcp, $"malformed reply from {server}: {err}");
                        continue;
                    }
                    var exchange = new Exchange(DnsQueryStatus.Answered, message, server, viaTcp, null);
                    if (message!.ResponseCode is DnsResponseCode.ServFail or DnsResponseCode.Refused or DnsResponseCode.NotImp or DnsResponseCode.FormErr)
                    {
                        last = exchange;
                        continue;
                    }
                    return exchange;
                }
            }
            return last;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    /// <summary>One UDP try; null when no matching reply came within the timeout.</summary>
    private async Task<byte[]?> UdpTryAsync(IPEndPoint server, SocketAddress address, byte[] questionWire, DnsRecordType type, byte[] packet, int length, CancellationToken ct)
    {
        var channel = NextChannel(server.AddressFamily);
        var time = _options.TimeProvider;
        var pending = new PendingQuery(questionWire, type, address, time.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * time.TimestampFrequency));
        ushort id;
        try
        {
            id = channel.Send(pending, packet, length);
        }
        catch (SocketException e)
        {
            LogSendError(_logger, server, e.SocketErrorCode);
            return null;
        }
        try
        {
            // Completed by the receive loop (the reply), the sweeper (null at the deadline) or Dispose (cancelled).
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            channel.Remove(id, pending);
        }
    }

    /// <summary>
    /// One TCP try (RFC 1035 §4.2.2, RFC 7766): a fresh connection, the query with its 2-octet
    /// length in one write, the reply read up to its announced length. Null on timeout.
    /// </summary>
    /// <exception cref="DnsProtocolException">The reply does not match the query.</exception>
    private async Task<byte[]?> TcpTryAsync(IPEndPoint server, byte[] questionWire, DnsRecordType type, byte[] packet, int length, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var frame = new byte[length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)length);
        packet.AsSpan(0, length).CopyTo(frame.AsSpan(2));
        ushort id = (ushort)System.Security.Cryptography.RandomNumberGenerator.GetInt32(65536);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), id);
        try
        {
            await socket.ConnectAsync(server, timeout.Token).ConfigureAwait(false);
            Interlocked.Increment(ref Counters.QueriesSent);
            await socket.SendAsync(frame, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var lengthPrefix = new byte[2];
            await ReadExactlyAsync(socket, lengthPrefix, timeout.Token).ConfigureAwait(false);
            int replyLength = BinaryPrimitives.ReadUInt16BigEndian(lengthPrefix);
            if (replyLength < DnsHeader.Size) throw new DnsProtocolException($"TCP reply of {replyLength} octets is shorter than a header");
            var reply = new byte[replyLength];
            await ReadExactlyAsync(socket, reply, timeout.Token).ConfigureAwait(false);
            if (BinaryPrimitives.ReadUInt16BigEndian(reply) != id || !UdpChannel.QuestionMatches(reply, questionWire, type))
            {
                throw new DnsProtocolException("TCP reply does not match the query (ID or question)");
            }
            Interlocked.Increment(ref Counters.RepliesAccepted);
            return reply;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        while (buffer.Length > 0)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0) throw new DnsProtocolException("the server closed the TCP connection before the whole reply");
            buffer = buffer[n..];
        }
    }

    [LoggerMessage(EventId = 5303, Level = LogLevel.Debug, Message = "DNS reply from {Server} is malformed: {Error}")]
    private static partial void LogMalformed(ILogger logger, IPEndPoint server, DnsParseError error);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Debug, Message = "DNS send to {Server} failed: {Error}")]
    private static partial void LogSendError(ILogger logger, IPEndPoint server, SocketError error);
}
