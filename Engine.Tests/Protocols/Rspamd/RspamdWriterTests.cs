using Sift.Protocols.Rspamd;

namespace Sift.Engine.Tests.Protocols.Rspamd;

/// <summary>The envelope headers sent to rspamd.</summary>
public sealed class RspamdWriterTests
{
    private static HttpRequestMessage Request() => new(HttpMethod.Post, "http://127.0.0.1/checkv2");

    [Fact]
    public void Every_envelope_field_becomes_its_header()
    {
        using var request = Request();
        RspamdWriter.WriteEnvelope(request.Headers, new RspamdEnvelope
        {
            Ip = "192.0.2.1", Helo = "helo.example", Hostname = "host.example", From = "a@example.com",
            Rcpt = ["b@example.com", "c@example.com"], QueueId = "Q1", User = "alice", SettingsId = "inbound",
        });
        string Get(string name) => string.Join("|", request.Headers.GetValues(name));
        Assert.Equal("192.0.2.1", Get("IP"));
        Assert.Equal("helo.example", Get("Helo"));
        Assert.Equal("host.example", Get("Hostname"));
        Assert.Equal("a@example.com", Get("From"));
        Assert.Equal("b@example.com|c@example.com", Get("Rcpt"));
        Assert.Equal("Q1", Get("Queue-Id"));
        Assert.Equal("alice", Get("User"));
        Assert.Equal("inbound", Get("Settings-ID"));
        Assert.Equal("all", Get("Pass"));
    }

    [Fact]
    public void Empty_fields_send_nothing_and_pass_all_can_be_turned_off()
    {
        using var request = Request();
        RspamdWriter.WriteEnvelope(request.Headers, new RspamdEnvelope { PassAll = false });
        Assert.Empty(request.Headers);
    }

    [Theory]
    [InlineData("a@example.com\r\nSettings: {}")]
    [InlineData("a@example.com\nX: y")]
    [InlineData("nul\0byte")]
    public void Values_that_would_split_a_header_line_are_refused(string value)
    {
        using var request = Request();
        Assert.Throws<ArgumentException>(() => RspamdWriter.WriteEnvelope(request.Headers, new RspamdEnvelope { From = value }));
        Assert.Throws<ArgumentException>(() => RspamdWriter.WriteEnvelope(request.Headers, new RspamdEnvelope { Rcpt = [value] }));
    }

    [Fact]
    public void Too_many_recipients_are_refused()
    {
        using var request = Request();
        var rcpt = Enumerable.Range(0, RspamdWriter.MaxRecipients + 1).Select(i => $"r{i}@example.com").ToArray();
        Assert.Throws<ArgumentException>(() => RspamdWriter.WriteEnvelope(request.Headers, new RspamdEnvelope { Rcpt = rcpt }));
    }
}
