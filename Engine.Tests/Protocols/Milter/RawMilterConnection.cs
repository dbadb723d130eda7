using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Protocols.Milter;

/// <summary>
/// A bare socket to a milter for attacks the real MTA side cannot make on demand: split writes,
/// malformed and oversized packets, silence. Every read has a deadline.
/// </summary>
internal sealed class RawMilterConnection : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;

    private RawMilterConnection(Socket socket) => _socket = socket;

    public static async Task<RawMilterConnection> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return new RawMilterConnection(socket);
    }

    /// <summary>Packets built with a <see cref="MilterWriter"/>.</summary>
    public static byte[] Packets(Action<MilterWriter> write)
    {
        using var writer = new MilterWriter();
        write(writer);
        return writer.Written.ToArray();
    }

    public static byte[] Offer => Packets(w => w.WriteNegotiation(
        new MilterNegotiation(6, (MilterActions)0x1ff, (MilterProtocolFlags)0x1fffff & ~MilterProtocolFlags.HeaderLeadingSpace)));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    public async Task SendOneByteAtATimeAsync(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++) { await _socket.SendAsync(bytes.AsMemory(i, 1), SocketFlags.None); }
    }

    /// <summary>Negotiates with the default offer and returns the milter's answer.</summary>
    public async Task<MilterNegotiation> NegotiateAsync()
    {
        await SendAsync(Offer);
        var (code, data) = await ReadPacketAsync() ?? throw new InvalidOperationException("closed during negotiation");
        Assert.Equal((byte)MilterReplyCode.Negotiate, code);
        return MilterReader.ReadNegotiation(new ReadOnlySequence<byte>(data));
    }

    /// <summary>Reads one packet, or null when the milter closed the connection first.</summary>
    public async Task<(byte Code, byte[] Data)?> ReadPacketAsync()
    {
        var header = new byte[5];
        if (!await ReadExactlyAsync(header)) { return null; }
        var data = new byte[BinaryPrimitives.ReadInt32BigEndian(header) - 1];
        Assert.True(await ReadExactlyAsync(data), "the milter closed in the middle of a packet");
        return (header[4], data);
    }

    /// <summary>Sends a command and returns the code of the reply.</summary>
    public async Task<char> CommandAsync(byte[] packet)
    {
        await SendAsync(packet);
        var reply = await ReadPacketAsync();
        Assert.True(reply is not null, "the milter closed instead of answering");
        return (char)reply.Value.Code;
    }

    /// <summary>True when the milter closes the connection (after any packets) before the deadline.</summary>
    public async Task<bool> IsClosedByMilterAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var scratch = new byte[4096];
        try
        {
            while (await _socket.ReceiveAsync(scratch, SocketFlags.None, deadline.Token) > 0) { }
            return true;
        }
        catch (OperationCanceledException) { return false; }
        catch (SocketException) { return true; }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try { n = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, deadline.Token); }
            catch (SocketException) { return false; }
            if (n == 0) { return false; }
            read += n;
        }
        return true;
    }
}
