using Sift.Engine.Tests.Infrastructure;
using System.Buffers;
using System.Text;
using Sift.Protocols.Clamd;

namespace Sift.Engine.Tests.Protocols.Clamd;

public sealed class ClamdReaderTests
{
    [Theory]
    [InlineData("stream: OK", ClamdScanStatus.Clean, null, null)]
    [InlineData("stream: Eicar-Signature FOUND", ClamdScanStatus.Virus, "Eicar-Signature", null)]
    [InlineData("/var/spool/a: b.eml: Win.Test.X.UNOFFICIAL FOUND", ClamdScanStatus.Virus, "Win.Test.X.UNOFFICIAL", null)]
    [InlineData("INSTREAM size limit exceeded. ERROR", ClamdScanStatus.SizeLimitExceeded, null, "INSTREAM size limit exceeded.")]
    [InlineData("/tmp/x: File path check failure: No such file or directory. ERROR", ClamdScanStatus.Error, null,
        "/tmp/x: File path check failure: No such file or directory.")]
    public void Scan_replies_parse_into_values(string reply, ClamdScanStatus status, string? name, string? error)
    {
        Assert.True(ClamdReader.TryParseScanReply(reply, out var result));
        Assert.Equal(status, result.Status);
        Assert.Equal(name, result.VirusName);
        Assert.Equal(error, result.ErrorText);
        Assert.Equal(reply, result.Reply);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PONG")]
    [InlineData("UNKNOWN COMMAND")]
    [InlineData("stream:  FOUND")]
    [InlineData("FOUND")]
    public void Replies_that_are_not_scan_answers_are_refused(string reply)
    {
        Assert.False(ClamdReader.TryParseScanReply(reply, out _));
    }

    [Fact]
    public void Every_prefix_of_a_reply_is_incomplete_and_consumes_nothing()
    {
        var bytes = Encoding.ASCII.GetBytes("stream: OK\0");
        for (var n = 0; n < bytes.Length; n++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, n));
            Assert.False(ClamdReader.TryReadReply(ref reader, out _));
            Assert.Equal(0, reader.Consumed);
        }
        var full = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(ClamdReader.TryReadReply(ref full, out var reply));
        Assert.Equal("stream: OK", ClamdReader.Decode(reply));
        Assert.Equal(bytes.Length, full.Consumed);
    }

    [Fact]
    public void A_reply_split_one_byte_per_segment_is_found()
    {
        var bytes = Encoding.ASCII.GetBytes("stream: Eicar FOUND\0");
        var reader = new SequenceReader<byte>(Segments.OneBytePerSegment(bytes));
        Assert.True(ClamdReader.TryReadReply(ref reader, out var reply));
        Assert.Equal("stream: Eicar FOUND", ClamdReader.Decode(reply));
    }

    [Fact]
    public void The_scan_command_is_nul_terminated_and_refuses_relative_or_multiline_paths()
    {
        Assert.Equal("zSCAN /a b/c.eml\0"u8.ToArray(), ClamdWriter.Scan("/a b/c.eml"));
        Assert.Throws<ArgumentException>(() => ClamdWriter.Scan("relative.eml"));
        Assert.Throws<ArgumentException>(() => ClamdWriter.Scan("/a\nzSHUTDOWN"));
        Assert.Throws<ArgumentException>(() => ClamdWriter.Scan("/a\0b"));
    }

    [Fact]
    public void Chunk_headers_are_big_endian()
    {
        Span<byte> header = stackalloc byte[4];
        ClamdWriter.WriteChunkHeader(header, 0x01020304);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, header.ToArray());
    }
}
