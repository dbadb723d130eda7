using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Milter;

/// <summary>A packet the milter sent, with its data copied out of the read buffer.</summary>
/// <param name="Code">The reply or modification code.</param>
/// <param name="Data">The data after the code (empty for most replies).</param>
public readonly record struct MilterReply(MilterReplyCode Code, byte[] Data)
{
    /// <summary>True for the codes that end the answer to a command (accept, continue, reject, …).</summary>
    public bool IsFinal => Code is MilterReplyCode.Accept or MilterReplyCode.Continue or MilterReplyCode.Reject
        or MilterReplyCode.TempFail or MilterReplyCode.Discard or MilterReplyCode.ReplyCode or MilterReplyCode.Skip
        or MilterReplyCode.Negotiate;

    /// <summary>The data as NUL-separated UTF-8 strings (for replies and modifications that carry text).</summary>
    public string[] Strings() => Data.Length == 0 ? [] : MilterReader.ReadStrings(new ReadOnlySequence<byte>(Data));
}

/// <summary>
/// The MTA side of the protocol, minimal: connect, negotiate, send commands composed in
/// <see cref="Writer"/> in one write, read the answer. For tests, load tools and gateways that
/// talk to other milters.
/// </summary>
public sealed class MilterClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly int _maxDataLength;

    private MilterClient(Socket socket, int maxDataLength)
    {
        _socket = socket;
        _maxDataLength = maxDataLength;
        _reader = PipeReader.Create(new NetworkStream(socket, ownsSocket: true));
    }

    /// <summary>Commands to send next; <see cref="SendAsync"/> writes them all at once.</summary>
    public MilterWriter Writer { get; } = new();

    /// <summary>Connects to a milter (TCP with no Nagle, or a local socket).</summary>
    public static async Task<MilterClient> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken = default, int maxDataLength = 1 << 20)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new MilterClient(socket, maxDataLength);
    }

    /// <summary>Negotiates: offers <paramref name="offer"/> and returns the milter's answer.</summary>
    /// <exception cref="MilterProtocolException">The milter answers something other than a negotiation.</exception>
    public async Task<MilterNegotiation> NegotiateAsync(MilterNegotiation offer, CancellationToken cancellationToken = default)
    {
        Writer.WriteNegotiation(offer);
        await SendAsync(cancellationToken).ConfigureAwait(false);
        var reply = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Code != MilterReplyCode.Negotiate)
        {
            MilterProtocolException.Throw(MilterProtocolError.UnexpectedReply, $"'{(char)reply.Code}' to negotiation");
        }
        return MilterReader.ReadNegotiation(new ReadOnlySequence<byte>(reply.Data));
    }

    /// <summary>Sends what <see cref="Writer"/> holds in one write and clears it.</summary>
    public async ValueTask SendAsync(CancellationToken cancellationToken = default)
    {
        await _socket.SendAsync(Writer.Written, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        Writer.Clear();
    }

    /// <summary>
    /// Sends what <see cref="Writer"/> holds and reads packets until a final reply, which it
    /// returns; modifications and progress before it go to <paramref name="modifications"/> when given.
    /// </summary>
    /// <exception cref="MilterProtocolException">The milter closed or sent a malformed packet.</exception>
    public async ValueTask<MilterReply> CommandAsync(ICollection<MilterReply>? modifications = null, CancellationToken cancellationToken = default)
    {
        await SendAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var reply = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reply.IsFinal)
            {
                return reply;
            }
            modifications?.Add(reply);
        }
    }

    /// <summary>Reads one packet.</summary>
    /// <exception cref="MilterProtocolException">The milter closed mid-packet or before any, or sent a bad length.</exception>
    public async ValueTask<MilterReply> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryTake(ref buffer, out var reply))
            {
                _reader.AdvanceTo(buffer.Start);
                return reply;
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                MilterProtocolException.Throw(MilterProtocolError.TruncatedPacket, "the milter closed the connection");
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        Writer.Dispose();
        _socket.Dispose();
    }

    private bool TryTake(ref ReadOnlySequence<byte> buffer, out MilterReply reply)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!MilterReader.TryReadPacket(ref reader, _maxDataLength, out var packet))
        {
            reply = default;
            return false;
        }
        reply = new MilterReply(packet.Reply, packet.Data.IsEmpty ? [] : packet.Data.ToArray());
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
