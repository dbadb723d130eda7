using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sift.Protocols.Milter;

/// <summary>
/// Milter packets → bytes, into one pooled contiguous buffer, so that a reply (or a reply with
/// the modifications before it) leaves in a single write: miltertest does not retry short reads
/// and a split packet costs a Nagle/delayed-ACK stall. Not thread-safe; one per connection.
/// </summary>
public sealed class MilterWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;
    private int _packetStart = -1;

    /// <summary>Creates a writer with an initial pooled buffer of <paramref name="initialSize"/> bytes.</summary>
    public MilterWriter(int initialSize = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Number of bytes written since the last <see cref="Clear"/>.</summary>
    public int Length => _length;

    /// <summary>Forgets what was written (after it was sent).</summary>
    public void Clear()
    {
        _length = 0;
        _packetStart = -1;
    }

    /// <summary>A packet with a code and no data (accept, continue, reject, tempfail, …; abort, quit, …).</summary>
    public void WriteEmpty(byte code)
    {
        Begin(code);
        End();
    }

    /// <summary>A reply with no data.</summary>
    public void WriteReply(MilterReplyCode reply) => WriteEmpty((byte)reply);

    /// <summary>A packet with raw data (a body chunk, a replacement body chunk).</summary>
    public void WritePacket(byte code, ReadOnlySpan<byte> data)
    {
        Begin(code);
        Append(data);
        End();
    }

    /// <summary>A packet whose data is NUL-terminated strings (HELO, MAIL, RCPT, headers, …).</summary>
    public void WriteStrings(byte code, string first, string? second = null)
    {
        Begin(code);
        AppendString(first);
        if (second is not null) { AppendString(second); }
        End();
    }

    /// <summary>A packet whose data is a list of NUL-terminated strings (MAIL/RCPT with ESMTP arguments).</summary>
    public void WriteStrings(byte code, IReadOnlyList<string> strings)
    {
        Begin(code);
        foreach (var s in strings) { AppendString(s); }
        End();
    }

    /// <summary>Option negotiation (either direction), with macro lists when present.</summary>
    public void WriteNegotiation(MilterNegotiation negotiation)
    {
        Begin((byte)MilterCommand.Negotiate);
        AppendUInt32(negotiation.Version);
        AppendUInt32((uint)negotiation.Actions);
        AppendUInt32((uint)negotiation.Protocol);
        if (negotiation.Macros is { } macros)
        {
            foreach (var (stage, names) in macros)
            {
                AppendUInt32((uint)stage);
                AppendString(names);
            }
        }
        End();
    }

    /// <summary><c>SMFIR_REPLYCODE</c>: a complete SMTP reply text, e.g. "550 5.7.1 Go away".</summary>
    public void WriteReplyCode(string smtpReply) => WriteStrings((byte)MilterReplyCode.ReplyCode, smtpReply);

    /// <summary><c>SMFIR_INSHEADER</c> / <c>SMFIR_CHGHEADER</c>: a 32-bit index, name and value.</summary>
    public void WriteIndexedHeader(MilterReplyCode code, uint index, string name, string value)
    {
        Begin((byte)code);
        AppendUInt32(index);
        AppendString(name);
        AppendString(value);
        End();
    }

    /// <summary><c>SMFIR_REPLBODY</c>, cut into chunks of at most 65535 bytes.</summary>
    public void WriteReplaceBody(ReadOnlySpan<byte> body)
    {
        do
        {
            var chunk = body[..Math.Min(body.Length, MilterPacket.MaxChunkSize)];
            WritePacket((byte)MilterReplyCode.ReplaceBody, chunk);
            body = body[chunk.Length..];
        }
        while (!body.IsEmpty);
    }

    /// <summary>The connect command (MTA side).</summary>
    public void WriteConnect(MilterConnectInfo info)
    {
        Begin((byte)MilterCommand.Connect);
        AppendString(info.HostName);
        Append([(byte)info.Family]);
        if (info.Family != MilterAddressFamily.Unknown)
        {
            Span<byte> port = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(port, info.Port);
            Append(port);
            AppendString(info.Address);
        }
        End();
    }

    /// <summary>A macro command for the stage of <paramref name="command"/> (MTA side).</summary>
    public void WriteMacros(MilterCommand command, IEnumerable<KeyValuePair<string, string>> macros)
    {
        Begin((byte)MilterCommand.Macro);
        Append([(byte)command]);
        foreach (var (name, value) in macros)
        {
            AppendString(name.Length > 1 && name[0] != '{' ? "{" + name + "}" : name);
            AppendString(value);
        }
        End();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private void Begin(byte code)
    {
        if (_packetStart >= 0) { throw new InvalidOperationException("A packet is already open."); }
        Ensure(MilterPacket.HeaderLength);
        _packetStart = _length;
        _buffer[_length + 4] = code;
        _length += MilterPacket.HeaderLength;
    }

    private void End()
    {
        var length = _length - _packetStart - 4;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_packetStart), length);
        _packetStart = -1;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void AppendUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void AppendString(string value)
    {
        if (value.Contains('\0')) { throw new ArgumentException("A milter string cannot contain NUL.", nameof(value)); }
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        _buffer[_length++] = 0;
    }

    private void Ensure(int extra)
    {
        if (_buffer.Length - _length >= extra) { return; }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        if (_buffer.Length > 0) { ArrayPool<byte>.Shared.Return(_buffer); }
        _buffer = bigger;
    }
}
