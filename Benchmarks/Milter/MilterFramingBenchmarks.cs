using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sift.Protocols.Milter;

namespace Sift.Benchmarks.Milter;

/// <summary>
/// Framing cost of one message's commands (the 10 of a connect → end-of-body round) and of its
/// 10 replies. Baseline: walking the same bytes by their length fields only.
/// <c>dotnet run -c Release --project Benchmarks -- --filter '*MilterFraming*' --job short --memory</c>
/// </summary>
[MemoryDiagnoser]
public class MilterFramingBenchmarks
{
    private byte[] _message = [];
    private ReadOnlySequence<byte> _split;
    private readonly MilterWriter _writer = new(1024);

    [GlobalSetup]
    public void Setup()
    {
        using var w = new MilterWriter();
        w.WriteConnect(new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 40000, "127.0.0.1"));
        w.WriteStrings((byte)MilterCommand.Helo, "client.example");
        w.WriteStrings((byte)MilterCommand.Mail, ["<sender@example.com>", "SIZE=2000"]);
        w.WriteStrings((byte)MilterCommand.Rcpt, "<rcpt@example.com>");
        w.WriteStrings((byte)MilterCommand.Header, "From", "sender@example.com");
        w.WriteStrings((byte)MilterCommand.Header, "To", "rcpt@example.com");
        w.WriteStrings((byte)MilterCommand.Header, "Subject", "load");
        w.WriteEmpty((byte)MilterCommand.EndOfHeaders);
        w.WritePacket((byte)MilterCommand.Body, new byte[2000]);
        w.WriteEmpty((byte)MilterCommand.EndOfBody);
        _message = w.Written.ToArray();
        // Three segments cut inside packets, as a socket read would.
        _split = SplitInThree(_message);
    }

    [Benchmark(Baseline = true)]
    public int Walk_length_fields_only()
    {
        var count = 0;
        for (var offset = 0; offset < _message.Length; count++)
        {
            offset += 4 + BinaryPrimitives.ReadInt32BigEndian(_message.AsSpan(offset));
        }
        return count;
    }

    [Benchmark]
    public int Read_packets_contiguous() => ReadAll(new ReadOnlySequence<byte>(_message));

    [Benchmark]
    public int Read_packets_three_segments() => ReadAll(_split);

    [Benchmark]
    public int Write_ten_continue_replies()
    {
        _writer.Clear();
        for (var i = 0; i < 10; i++) { _writer.WriteReply(MilterReplyCode.Continue); }
        return _writer.Length;
    }

    private static int ReadAll(ReadOnlySequence<byte> input)
    {
        var reader = new SequenceReader<byte>(input);
        var count = 0;
        while (MilterReader.TryReadPacket(ref reader, 65535, out var packet)) { count += packet.Code; }
        return count;
    }

    private static ReadOnlySequence<byte> SplitInThree(byte[] bytes)
    {
        var third = bytes.Length / 3;
        var a = new Segment(bytes.AsMemory(0, third), 0);
        var b = a.Append(bytes.AsMemory(third, third));
        var c = b.Append(bytes.AsMemory(2 * third));
        return new ReadOnlySequence<byte>(a, 0, c, c.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
