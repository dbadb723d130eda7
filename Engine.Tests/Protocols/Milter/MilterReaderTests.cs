using Sift.Engine.Tests.Infrastructure;
using System.Buffers;
using System.Text;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Protocols.Milter;

public class MilterReaderTests
{
    private static byte[] ValidStream()
    {
        using var writer = new MilterWriter();
        writer.WriteNegotiation(new MilterNegotiation(6, (MilterActions)0x1ff, (MilterProtocolFlags)0x1fffff));
        writer.WriteMacros(MilterCommand.Connect, [new("j", "mx.example"), new("{daemon_name}", "smtpd")]);
        writer.WriteConnect(new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 2525, "192.0.2.1"));
        writer.WriteStrings((byte)MilterCommand.Helo, "client.example");
        writer.WriteStrings((byte)MilterCommand.Mail, ["<a@example.com>", "SIZE=10", "BODY=8BITMIME"]);
        writer.WriteStrings((byte)MilterCommand.Header, "Subject", " hi");
        writer.WritePacket((byte)MilterCommand.Body, "line\r\n"u8);
        writer.WriteEmpty((byte)MilterCommand.EndOfBody);
        return writer.Written.ToArray();
    }

    private static List<(byte Code, byte[] Data)> ReadAll(ReadOnlySequence<byte> input, out long consumed)
    {
        var reader = new SequenceReader<byte>(input);
        var packets = new List<(byte, byte[])>();
        while (MilterReader.TryReadPacket(ref reader, 65535, out var packet))
        {
            packets.Add((packet.Code, packet.Data.ToArray()));
        }
        consumed = reader.Consumed;
        return packets;
    }

    [Fact]
    public void Every_prefix_of_a_valid_stream_reads_only_whole_packets_and_consumes_nothing_more()
    {
        var stream = ValidStream();
        var whole = ReadAll(new ReadOnlySequence<byte>(stream), out var total);
        Assert.Equal(8, whole.Count);
        Assert.Equal(stream.Length, total);
        var ends = new List<long>();
        long end = 0;
        foreach (var p in whole) { end += 5 + p.Data.Length; ends.Add(end); }
        for (var length = 0; length <= stream.Length; length++)
        {
            var packets = ReadAll(new ReadOnlySequence<byte>(stream, 0, length), out var consumed);
            var expected = ends.Count(e => e <= length);
            Assert.Equal(expected, packets.Count);
            Assert.Equal(expected == 0 ? 0 : ends[expected - 1], consumed);
        }
    }

    [Fact]
    public void A_stream_split_one_byte_per_segment_reads_the_same_packets()
    {
        var stream = ValidStream();
        var whole = ReadAll(new ReadOnlySequence<byte>(stream), out _);
        var split = ReadAll(Segments.OneBytePerSegment(stream), out var consumed);
        Assert.Equal(stream.Length, consumed);
        Assert.Equal(whole.Select(p => (p.Code, Convert.ToHexString(p.Data))), split.Select(p => (p.Code, Convert.ToHexString(p.Data))));
    }

    [Fact]
    public void A_zero_length_is_rejected_as_an_empty_packet()
    {
        var e = Assert.Throws<MilterProtocolException>(() => ReadAll(new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 1 }), out _));
        Assert.Equal(MilterProtocolError.EmptyPacket, e.Reason);
    }

    [Fact]
    public void A_length_above_the_bound_is_rejected_before_its_data_arrives()
    {
        var e = Assert.Throws<MilterProtocolException>(() => ReadAll(new ReadOnlySequence<byte>(new byte[] { 0, 1, 0, 1 }), out _));
        Assert.Equal(MilterProtocolError.PacketTooLarge, e.Reason);
        var negative = Assert.Throws<MilterProtocolException>(() => ReadAll(new ReadOnlySequence<byte>(new byte[] { 0xff, 0xff, 0xff, 0xff }), out _));
        Assert.Equal(MilterProtocolError.PacketTooLarge, negative.Reason);
    }

    [Fact]
    public void A_body_chunk_of_exactly_65535_bytes_is_accepted()
    {
        using var writer = new MilterWriter();
        writer.WritePacket((byte)MilterCommand.Body, new byte[65535]);
        var packets = ReadAll(new ReadOnlySequence<byte>(writer.Written), out _);
        Assert.Equal(65535, Assert.Single(packets).Data.Length);
    }

    [Theory]
    [InlineData(MilterAddressFamily.Inet, (ushort)25, "192.0.2.7")]
    [InlineData(MilterAddressFamily.Inet6, (ushort)587, "IPv6:2001:db8::1")]
    [InlineData(MilterAddressFamily.Unix, (ushort)0, "/var/run/smtp.sock")]
    [InlineData(MilterAddressFamily.Unknown, (ushort)0, "")]
    public void Connect_round_trips_for_every_family(MilterAddressFamily family, ushort port, string address)
    {
        using var writer = new MilterWriter();
        var info = new MilterConnectInfo("host.example", family, port, address);
        writer.WriteConnect(info);
        var packet = Assert.Single(ReadAll(new ReadOnlySequence<byte>(writer.Written), out _));
        Assert.Equal(info, MilterReader.ReadConnect(new ReadOnlySequence<byte>(packet.Data)));
    }

    [Fact]
    public void Connect_with_an_unknown_family_is_rejected_with_its_reason()
    {
        var e = Assert.Throws<MilterProtocolException>(() => MilterReader.ReadConnect(new ReadOnlySequence<byte>("host\0X"u8.ToArray())));
        Assert.Equal(MilterProtocolError.UnknownFamily, e.Reason);
    }

    [Fact]
    public void A_string_without_its_nul_is_malformed_and_the_detail_is_escaped()
    {
        var e = Assert.Throws<MilterProtocolException>(() => MilterReader.ReadHeader(new ReadOnlySequence<byte>("Subject\0no end\n"u8.ToArray())));
        Assert.Equal(MilterProtocolError.MalformedData, e.Reason);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Negotiation_round_trips_with_macro_lists_per_stage()
    {
        using var writer = new MilterWriter();
        var macros = new Dictionary<MilterMacroStage, string> { [MilterMacroStage.Connect] = "j {daemon_name}", [MilterMacroStage.EndOfMessage] = "i" };
        writer.WriteNegotiation(new MilterNegotiation(6, MilterActions.AddHeaders | MilterActions.SetMacroList, MilterProtocolFlags.NoReplyHeader, macros));
        var packet = Assert.Single(ReadAll(new ReadOnlySequence<byte>(writer.Written), out _));
        var read = MilterReader.ReadNegotiation(new ReadOnlySequence<byte>(packet.Data));
        Assert.Equal(6u, read.Version);
        Assert.Equal(MilterActions.AddHeaders | MilterActions.SetMacroList, read.Actions);
        Assert.Equal(MilterProtocolFlags.NoReplyHeader, read.Protocol);
        Assert.Equal(macros, read.Macros);
        Assert.Equal(MilterProtocolError.MalformedData,
            Assert.Throws<MilterProtocolException>(() => MilterReader.ReadNegotiation(new ReadOnlySequence<byte>(new byte[11]))).Reason);
    }

    [Fact]
    public void Macros_are_stored_without_braces_and_found_either_way()
    {
        var macros = new MilterMacros();
        MilterReader.ReadMacros(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("M{i}\0Q123\0{auth_authen}\0joe\0")), macros);
        Assert.Equal("Q123", macros["i"]);
        Assert.Equal("Q123", macros["{i}"]);
        Assert.Equal("joe", macros["auth_authen"]);
        Assert.Null(macros["j"]);
    }

    [Fact]
    public void A_replacement_body_is_cut_into_chunks_of_at_most_65535_bytes()
    {
        using var writer = new MilterWriter();
        writer.WriteReplaceBody(new byte[150_000]);
        var packets = ReadAll(new ReadOnlySequence<byte>(writer.Written), out _);
        Assert.Equal([65535, 65535, 18930], packets.Select(p => p.Data.Length));
        Assert.All(packets, p => Assert.Equal((byte)MilterReplyCode.ReplaceBody, p.Code));
    }

    [Fact]
    public void A_multi_line_reply_uses_dashes_on_every_line_but_the_last()
    {
        var reply = MilterResponse.Reply(550, "5.7.1", "first\nsecond\nthird");
        Assert.Equal("550-5.7.1 first\r\n550-5.7.1 second\r\n550 5.7.1 third", reply.SmtpReply);
        Assert.Equal("451 try later", MilterResponse.Reply(451, null, "try later").SmtpReply);
        Assert.Throws<ArgumentException>(() => MilterResponse.Reply(250, null, "ok"));
        Assert.Throws<ArgumentException>(() => MilterResponse.Reply(550, "4.7.1", "mismatch"));
    }

    [Fact]
    public void The_state_table_refuses_a_body_before_mail_and_accepts_abort_anywhere_after_negotiation()
    {
        Assert.False(MilterStateTable.TryNext(MilterStage.Helo, (byte)'B', out _));
        Assert.False(MilterStateTable.TryNext(MilterStage.Negotiate, (byte)'C', out _));
        Assert.True(MilterStateTable.TryNext(MilterStage.Body, (byte)'A', out var afterAbort));
        Assert.Equal(MilterStage.Helo, afterAbort);
        Assert.True(MilterStateTable.TryNext(MilterStage.Rcpt, (byte)'E', out var afterEom));
        Assert.Equal(MilterStage.Helo, afterEom);
        Assert.True(MilterStateTable.TryNext(MilterStage.Headers, (byte)'K', out var afterQuitNc));
        Assert.Equal(MilterStage.Connect, afterQuitNc);
        Assert.False(MilterStateTable.IsCommand((byte)'Z'));
    }

    [Fact]
    public void Stages_left_out_by_negotiation_may_be_jumped_over_and_no_others()
    {
        var noConnectNoHelo = MilterProtocolFlags.NoConnect | MilterProtocolFlags.NoHelo;
        Assert.True(MilterStateTable.TryNext(MilterStage.Connect, (byte)'M', noConnectNoHelo, out var mail));
        Assert.Equal(MilterStage.Mail, mail);
        Assert.False(MilterStateTable.TryNext(MilterStage.Connect, (byte)'R', noConnectNoHelo, out _));
        Assert.False(MilterStateTable.TryNext(MilterStage.Helo, (byte)'B', MilterProtocolFlags.NoHeaders, out _));
        var onlyEom = noConnectNoHelo | MilterProtocolFlags.NoMail | MilterProtocolFlags.NoRcpt | MilterProtocolFlags.NoData |
            MilterProtocolFlags.NoHeaders | MilterProtocolFlags.NoEndOfHeaders | MilterProtocolFlags.NoBody;
        Assert.True(MilterStateTable.TryNext(MilterStage.Connect, (byte)'E', onlyEom, out var afterEom));
        Assert.Equal(MilterStage.Helo, afterEom);
        Assert.False(MilterStateTable.TryNext(MilterStage.Negotiate, (byte)'E', onlyEom, out _));
    }
}
