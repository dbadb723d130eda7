using System.Text;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Tests.Protocols.Spamc;

/// <summary>Framing attacks on the SPAMD answer parser: every prefix, hostile bytes, each header form.</summary>
public sealed class SpamcReaderTests
{
    private const string Symbols =
        "SPAMD/1.1 0 EX_OK\r\nContent-length: 12\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,NO_RCV";

    [Fact]
    public void Every_strict_prefix_of_a_head_needs_more_and_consumes_nothing()
    {
        var bytes = Encoding.ASCII.GetBytes(Symbols);
        var headLength = Symbols.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        for (var n = 0; n < headLength; n++)
        {
            var status = SpamcReader.TryReadHead(bytes.AsSpan(0, n), atEnd: false, out _, out var consumed, out _);
            Assert.Equal(SpamcParseStatus.NeedMore, status);
            Assert.Equal(0, consumed);
        }
        Assert.Equal(SpamcParseStatus.Done, SpamcReader.TryReadHead(bytes.AsSpan(0, headLength), false, out _, out var all, out _));
        Assert.Equal(headLength, all);
    }

    [Fact]
    public void A_complete_head_gives_code_length_and_verdict()
    {
        var status = SpamcReader.TryReadHead(Encoding.ASCII.GetBytes(Symbols), false, out var head, out var consumed, out _);
        Assert.Equal(SpamcParseStatus.Done, status);
        Assert.Equal("1.1", head.Version);
        Assert.Equal(0, head.Code);
        Assert.Equal("EX_OK", head.StatusMessage);
        Assert.Equal(12, head.ContentLength);
        Assert.True(head.IsSpam);
        Assert.Equal(1000.0, head.Score);
        Assert.Equal(5.0, head.Threshold);
        Assert.Equal("GTUBE,NO_RCV", Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(Symbols)[consumed..]));
    }

    [Fact]
    public void A_bare_status_line_closed_by_the_peer_is_a_complete_ping_answer()
    {
        var bytes = "SPAMD/1.5 0 PONG\r\n"u8;
        Assert.Equal(SpamcParseStatus.NeedMore, SpamcReader.TryReadHead(bytes, atEnd: false, out _, out _, out _));
        Assert.Equal(SpamcParseStatus.Done, SpamcReader.TryReadHead(bytes, atEnd: true, out var head, out _, out _));
        Assert.Equal("PONG", head.StatusMessage);
        Assert.False(head.HasSpamHeader);
    }

    [Fact]
    public void An_error_status_line_keeps_its_code_and_text()
    {
        var status = SpamcReader.TryReadHead("SPAMD/1.0 76 Bad header line: FOO SPAMC/1.5\r\n"u8, true, out var head, out _, out _);
        Assert.Equal(SpamcParseStatus.Done, status);
        Assert.Equal(76, head.Code);
        Assert.Equal("Bad header line: FOO SPAMC/1.5", head.StatusMessage);
    }

    [Theory]
    [InlineData("True ; 15.3 / 5.0", true, 15.3, 5.0)]
    [InlineData("False ; -0.0 / 5.0", false, 0.0, 5.0)]
    [InlineData("Yes ; 1003.3 / 5.0", true, 1003.3, 5.0)]
    [InlineData("No ; 2.5 / 6.5", false, 2.5, 6.5)]
    [InlineData("true;1/2", true, 1.0, 2.0)]
    public void Spam_headers_in_every_form_are_read(string value, bool isSpam, double score, double threshold)
    {
        Assert.True(SpamcReader.TryParseSpamHeader(Encoding.ASCII.GetBytes(value), out var s, out var sc, out var th));
        Assert.Equal(isSpam, s);
        Assert.Equal(score, sc, 3);
        Assert.Equal(threshold, th, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("True")]
    [InlineData("Maybe ; 1 / 2")]
    [InlineData("True ; 1")]
    [InlineData("True ; x / 5")]
    [InlineData("True ; NaN / 5")]
    [InlineData("True ; 1e400 / 5")]
    public void Malformed_spam_headers_are_refused(string value)
    {
        Assert.False(SpamcReader.TryParseSpamHeader(Encoding.ASCII.GetBytes(value), out _, out _, out _));
    }

    [Theory]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nContent-length: -4\r\n\r\n", SpamcProtocolError.BadHeader)]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nContent-length: 99999999999999999999999\r\n\r\n", SpamcProtocolError.BadHeader)]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nno colon here\r\n\r\n", SpamcProtocolError.BadHeader)]
    [InlineData("SPAMD/1.1 99999 EX_OK\r\n\r\n", SpamcProtocolError.BadStatusLine)]
    [InlineData("SPAMD/1.1.1 0 EX_OK\r\n\r\n", SpamcProtocolError.BadStatusLine)]
    [InlineData("SPAMD/ 0 EX_OK\r\n\r\n", SpamcProtocolError.BadStatusLine)]
    [InlineData("spamd/1.1 0 EX_OK\r\n\r\n", SpamcProtocolError.BadStatusLine)]
    public void Hostile_heads_are_refused_with_the_reason(string answer, SpamcProtocolError expected)
    {
        var status = SpamcReader.TryReadHead(Encoding.ASCII.GetBytes(answer), false, out _, out _, out var error);
        Assert.Equal(SpamcParseStatus.Invalid, status);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        var buffer = new byte[300];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(buffer);
            if (i % 3 == 0) "SPAMD/1.1 0 "u8.CopyTo(buffer);
            var n = random.Next(buffer.Length);
            var status = SpamcReader.TryReadHead(buffer.AsSpan(0, n), i % 2 == 0, out _, out var consumed, out _);
            Assert.InRange(consumed, 0, n);
            Assert.True(Enum.IsDefined(status));
        }
    }

    [Fact]
    public void Symbols_bodies_are_split_on_commas_and_trimmed()
    {
        Assert.Equal(["GTUBE", "MISSING_DATE", "NO_RELAYS"], SpamcReader.ParseSymbols("GTUBE, MISSING_DATE,,NO_RELAYS\r\n"u8));
        Assert.Empty(SpamcReader.ParseSymbols(""u8));
    }

    [Fact]
    public void The_request_head_carries_verb_length_and_user()
    {
        var buffer = new byte[SpamcWriter.MaxHeadLength];
        var n = SpamcWriter.WriteHead(buffer, "SYMBOLS", 1234, "alice");
        Assert.Equal("SYMBOLS SPAMC/1.5\r\nContent-length: 1234\r\nUser: alice\r\n\r\n", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Throws<ArgumentException>(() => SpamcWriter.WriteHead(buffer, "CHECK", 1, "bad\r\nUser: x"));
    }

    [Theory]
    [InlineData("127.0.0.1:783", "127.0.0.1:783")]
    [InlineData("[::1]:7830", "[::1]:7830")]
    [InlineData("127.0.0.1", "127.0.0.1:783")]
    [InlineData("unix:/run/spamd.sock", "/run/spamd.sock")]
    [InlineData("/run/spamd.sock", "/run/spamd.sock")]
    public void Addresses_are_read_as_tcp_or_unix_endpoints(string text, string expected)
    {
        Assert.Equal(expected, SpamdAddress.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("[::1")]
    [InlineData("unix:")]
    public void Bad_addresses_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => SpamdAddress.Parse(text));
    }
}
