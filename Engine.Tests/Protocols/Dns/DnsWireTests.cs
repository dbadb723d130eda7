using System.Net;
using Sift.Protocols.Dns;

namespace Sift.Engine.Tests.Protocols.Dns;

public class DnsWireTests
{
    internal static byte[] SampleReply()
    {
        var w = new DnsWriter()
            .Question("www.Example.test", DnsRecordType.A)
            .Answer(new CnameRecord("www.example.test", 300, "host.example.test"))
            .Answer(new ARecord("host.example.test", 60, IPAddress.Parse("192.0.2.1")))
            .Answer(new AaaaRecord("host.example.test", 60, IPAddress.Parse("2001:db8::1")))
            .Answer(new MxRecord("example.test", 300, 10, "mx.example.test"))
            .Answer(new TxtRecord("example.test", 300, ["v=spf1 ", "-all"]))
            .Answer(new NsRecord("example.test", 300, "ns.example.test"))
            .Answer(new PtrRecord("1.2.0.192.in-addr.arpa", 300, "host.example.test"))
            .Authority(new SoaRecord("example.test", 3600, "ns.example.test", "hostmaster.example.test", 1, 2, 3, 4, 5))
            .Additional(new OptRecord(1232, 0, 0, false));
        return w.ToArray(0xBEEF, 0x8180);
    }

    [Fact]
    public void Every_record_type_survives_a_write_and_read_with_compression()
    {
        var packet = SampleReply();
        Assert.Equal(DnsParseError.None, DnsReader.TryRead(packet, out var m));
        Assert.Equal(0xBEEF, m!.Header.Id);
        Assert.True(m.Header.IsResponse);
        Assert.Equal("www.Example.test", m.Questions[0].Name);
        Assert.Equal(new CnameRecord("www.example.test", 300, "host.example.test"), m.Answers[0]);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), ((ARecord)m.Answers[1]).Address);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), ((AaaaRecord)m.Answers[2]).Address);
        Assert.Equal(new MxRecord("example.test", 300, 10, "mx.example.test"), m.Answers[3]);
        Assert.Equal(["v=spf1 ", "-all"], ((TxtRecord)m.Answers[4]).Strings);
        Assert.Equal("v=spf1 -all", ((TxtRecord)m.Answers[4]).Text);
        Assert.Equal("ns.example.test", ((NsRecord)m.Answers[5]).Host);
        Assert.Equal("host.example.test", ((PtrRecord)m.Answers[6]).Target);
        Assert.Equal(new SoaRecord("example.test", 3600, "ns.example.test", "hostmaster.example.test", 1, 2, 3, 4, 5), m.Authorities[0]);
        Assert.Equal(1232, m.Opt!.UdpPayloadSize);
        Assert.Equal(DnsResponseCode.NoError, m.ResponseCode);
        // Compression made it smaller than spelling every name out.
        Assert.True(packet.Length < 300, $"packet is {packet.Length} octets");
    }

    [Fact]
    public void A_query_advertises_edns_1232_and_asks_for_recursion()
    {
        Span<byte> name = stackalloc byte[256];
        int n = DnsName.TryEncode("example.test", name);
        var buf = new byte[512];
        int len = DnsWriter.WriteQuery(buf, 7, name[..n], DnsRecordType.TXT);
        Assert.Equal(DnsParseError.None, DnsReader.TryRead(buf.AsSpan(0, len), out var m));
        Assert.True(m!.Header.RecursionDesired);
        Assert.Equal(new DnsQuestion("example.test", DnsRecordType.TXT), m.Questions[0]);
        Assert.Equal(1232, m.Opt!.UdpPayloadSize);
    }

    [Fact]
    public void Every_prefix_of_a_valid_packet_is_a_parse_error_never_an_exception()
    {
        var packet = SampleReply();
        for (int i = 0; i < packet.Length; i++)
        {
            var err = DnsReader.TryRead(packet.AsSpan(0, i), out var m);
            Assert.NotEqual(DnsParseError.None, err);
            Assert.Null(m);
        }
    }

    [Fact]
    public void A_pointer_to_itself_is_a_pointer_loop()
    {
        // Header with one question whose name is a pointer to offset 12 (itself).
        byte[] p = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        Assert.Equal(DnsParseError.PointerLoop, DnsReader.TryRead(p, out _));
    }

    [Fact]
    public void Two_pointers_pointing_at_each_other_are_a_pointer_loop()
    {
        // Name at 12: label "a" then pointer to 17; at 17 a pointer back to 12.
        byte[] p = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0xC0, 17, 0, 0xC0, 12, 0, 1, 0, 1];
        Assert.Equal(DnsParseError.PointerLoop, DnsReader.TryRead(p, out _));
    }

    [Fact]
    public void A_forward_pointer_is_rejected()
    {
        byte[] p = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 16, 0, 1, 0, 1, 0];
        Assert.Equal(DnsParseError.PointerLoop, DnsReader.TryRead(p, out _));
    }

    [Fact]
    public void A_label_running_past_the_end_is_truncated()
    {
        byte[] p = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 40, (byte)'a', (byte)'b', 0, 0, 1, 0, 1];
        Assert.Equal(DnsParseError.Truncated, DnsReader.TryRead(p, out _));
    }

    [Fact]
    public void Reserved_label_types_are_rejected()
    {
        byte[] p = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, (byte)'a', 0, 0, 1, 0, 1];
        Assert.Equal(DnsParseError.BadLabelType, DnsReader.TryRead(p, out _));
    }

    [Fact]
    public void A_name_longer_than_255_octets_built_from_pointers_is_rejected()
    {
        // Many 63-octet labels chained backwards by pointers: each pointer is legal, the total is not.
        var p = new List<byte> { 0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0 };
        int previous = -1;
        for (int i = 0; i < 6; i++)
        {
            int at = p.Count;
            p.Add(63);
            p.AddRange(Enumerable.Repeat((byte)'x', 63));
            if (previous < 0) p.Add(0); else { p.Add((byte)(0xC0 | (previous >> 8))); p.Add((byte)previous); }
            previous = at;
        }
        // The question: a pointer to the last label.
        int q = p.Count;
        p.Add((byte)(0xC0 | (previous >> 8))); p.Add((byte)previous); p.AddRange(new byte[] { 0, 1, 0, 1 });
        // Move the question to offset 12 is not possible; instead read the name directly.
        Assert.Equal(DnsParseError.NameTooLong, DnsName.TryRead(p.ToArray(), q, out _, out _));
    }

    [Fact]
    public void A_record_length_past_the_end_is_truncated_and_a_wrong_a_length_is_bad_data()
    {
        var good = SampleReply();
        Assert.Equal(DnsParseError.None, DnsReader.TryRead(good, out var m));
        // Find the A record's RDLENGTH (4) and make it 5: the record now disagrees with its type.
        int at = IndexOfRdata(good, [192, 0, 2, 1]) - 2;
        var bad = (byte[])good.Clone();
        bad[at + 1] = 5;
        Assert.NotEqual(DnsParseError.None, DnsReader.TryRead(bad, out _));
        var past = (byte[])good.Clone();
        past[at] = 0xFF;
        Assert.Equal(DnsParseError.Truncated, DnsReader.TryRead(past, out _));
    }

    [Fact]
    public void Counts_larger_than_the_packet_can_hold_are_rejected_at_once()
    {
        byte[] p = [0, 1, 0x81, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0];
        Assert.Equal(DnsParseError.TooManyRecords, DnsReader.TryRead(p, out _));
    }

    [Fact]
    public void Random_corruptions_of_a_valid_packet_never_throw()
    {
        var good = SampleReply();
        var rng = new Random(1234);
        for (int i = 0; i < 20000; i++)
        {
            var p = (byte[])good.Clone();
            int flips = rng.Next(1, 6);
            for (int f = 0; f < flips; f++) p[rng.Next(p.Length)] = (byte)rng.Next(256);
            var err = DnsReader.TryRead(p.AsSpan(0, rng.Next(p.Length + 1)), out var m);
            Assert.True(err == DnsParseError.None ? m is not null : m is null);
        }
    }

    [Theory]
    [InlineData("example.test", true)]
    [InlineData("example.test.", true)]
    [InlineData("a..b", false)]
    [InlineData(".a", false)]
    [InlineData("bücher.test", false)]
    [InlineData("weird\\032label.test", true)]
    public void Names_are_validated_before_they_are_sent(string name, bool valid) => Assert.Equal(valid, DnsName.IsValid(name));

    [Fact]
    public void Labels_over_63_and_names_over_255_octets_are_invalid()
    {
        Assert.False(DnsName.IsValid(new string('a', 64) + ".test"));
        Assert.True(DnsName.IsValid(new string('a', 63) + ".test"));
        Assert.False(DnsName.IsValid(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))));
    }

    [Fact]
    public void Unusual_octets_in_labels_are_escaped_and_read_back()
    {
        var packet = new DnsWriter().Question("a\\046b.test", DnsRecordType.A).ToArray(1, 0);
        Assert.Equal(DnsParseError.None, DnsReader.TryRead(packet, out var m));
        Assert.Equal("a\\046b.test", m!.Questions[0].Name);
    }

    private static int IndexOfRdata(byte[] packet, byte[] needle) => packet.AsSpan().IndexOf(needle);
}
