using System.Text;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Rspamd;

namespace Sift.Engine.Tests.Protocols.Rspamd;

/// <summary>The rspamd client against the real rspamd 3.4 started by test-env/servers/rspamd.sh.</summary>
public sealed class RspamdClientTests
{
    private static RspamdClient Client(string? checkPath = null) => new(new RspamdClientOptions
    {
        Address = TestEnv.Require("SIFT_TEST_RSPAMD"),
        Timeout = TimeSpan.FromSeconds(20),
        CheckPath = checkPath ?? RspamdWriter.CheckPath,
    });

    private static RspamdEnvelope Envelope(params string[] rcpt) => new()
    {
        Ip = "127.0.0.1",
        Helo = "client.example.com",
        Hostname = "client.example.com",
        From = "alice@example.com",
        Rcpt = rcpt,
        QueueId = "4AbCdEf",
    };

    [Fact]
    public async Task Ping_is_answered_with_pong()
    {
        using var client = Client();
        await client.PingAsync();
    }

    [Fact]
    public async Task Gtube_is_rejected_with_the_gtube_message()
    {
        using var client = Client();
        var result = await client.CheckAsync(TestMessages.AsStream(TestMessages.Gtube()), Envelope("bob@example.com"));
        Assert.Equal(RspamdAction.Reject, result.Action);
        Assert.Equal("reject", result.ActionName);
        Assert.Equal("Gtube pattern", result.SmtpMessage);
        Assert.Contains(result.Symbols, s => s.Name == "GTUBE");
        Assert.True(result.Score >= result.RequiredScore, $"{result.Score} / {result.RequiredScore}");
    }

    [Fact]
    public async Task A_plain_message_needs_no_action_and_carries_typed_symbols()
    {
        using var client = Client();
        var result = await client.CheckAsync(TestMessages.AsStream(TestMessages.Plain()), Envelope("bob@example.com"));
        Assert.Equal(RspamdAction.NoAction, result.Action);
        Assert.True(result.Score < result.RequiredScore);
        Assert.True(result.RequiredScore > 0);
        var mime = Assert.Single(result.Symbols, s => s.Name == "MIME_GOOD");
        Assert.True(mime.Score < 0);
        Assert.Equal(["text/plain"], mime.Options);
        Assert.False(string.IsNullOrEmpty(mime.Description));
        Assert.Equal("test-0@example.com", result.MessageId);
    }

    [Fact]
    public async Task The_milter_block_is_read()
    {
        using var client = Client();
        var result = await client.CheckAsync(TestMessages.AsStream(TestMessages.Plain()), Envelope("bob@example.com"));
        // test-env asks rspamd's milter_headers module for X-Spam-Status on every answer.
        var status = Assert.Single(result.Milter.AddHeaders, h => h.Name == "X-Spam-Status");
        Assert.StartsWith("No, score=", status.Value);
        Assert.NotNull(status.Order);
        Assert.True(result.Milter.RemoveHeaders.ContainsKey("X-Spam"), "rspamd asks to remove any X-Spam header a sender forged");
        Assert.True(result.Milter.RemoveHeaders.ContainsKey("X-Spam-Status"));
    }

    [Fact]
    public async Task Settings_id_selects_an_rspamd_settings_block()
    {
        using var client = Client();
        // test-env's "sift-test-strict" settings give MIME_GOOD a large positive score.
        var strict = await client.CheckAsync(TestMessages.AsStream(TestMessages.Plain()),
            Envelope("bob@example.com") with { SettingsId = "sift-test-strict" });
        Assert.Equal(RspamdAction.AddHeader, strict.Action);
        Assert.True(strict.Symbols.Single(s => s.Name == "MIME_GOOD").Score > 1);
        Assert.StartsWith("Yes, score=", strict.Milter.AddHeaders.Single(h => h.Name == "X-Spam-Status").Value);
    }

    [Fact]
    public async Task Every_recipient_of_the_envelope_reaches_rspamd()
    {
        using var client = Client();
        // The To: header names only bob; with carol also in the envelope every To: address is an envelope recipient.
        var both = await client.CheckAsync(TestMessages.AsStream(TestMessages.Plain()), Envelope("bob@example.com", "carol@example.com"));
        var other = await client.CheckAsync(TestMessages.AsStream(TestMessages.Plain()), Envelope("carol@example.com"));
        Assert.Contains(both.Symbols, s => s.Name == "TO_MATCH_ENVRCPT_ALL");
        Assert.DoesNotContain(other.Symbols, s => s.Name is "TO_MATCH_ENVRCPT_ALL" or "TO_MATCH_ENVRCPT_SOME");
    }

    [Fact]
    public async Task A_stream_of_unknown_length_is_sent_chunked_and_still_scanned()
    {
        using var client = Client();
        var message = new ForwardOnlyStream(Encoding.ASCII.GetBytes(TestMessages.Gtube()), chunk: 11);
        var result = await client.CheckAsync(message, Envelope("bob@example.com"));
        Assert.Equal(RspamdAction.Reject, result.Action);
    }

    [Fact]
    public async Task The_same_worker_answers_on_its_unix_socket()
    {
        using var client = new RspamdClient(TestEnv.Require("SIFT_TEST_RSPAMD_UNIX"));
        await client.PingAsync();
        var result = await client.CheckAsync(TestMessages.AsStream(TestMessages.Gtube()), Envelope("bob@example.com"));
        Assert.Equal(RspamdAction.Reject, result.Action);
    }

    [Fact]
    public async Task The_callers_stream_is_read_to_its_end_and_left_open()
    {
        using var client = Client();
        using var message = TestMessages.AsStream(TestMessages.Plain());
        await client.CheckAsync(message, Envelope("bob@example.com"));
        Assert.True(message.CanRead, "the message belongs to the caller: the client must not dispose it");
        Assert.Equal(message.Length, message.Position);
    }

    [Fact]
    public async Task Concurrent_scans_each_get_their_own_answer()
    {
        using var client = Client();
        var tasks = Enumerable.Range(0, 8).Select(i => client.CheckAsync(
            TestMessages.AsStream(i % 2 == 0 ? TestMessages.Gtube(i) : TestMessages.Plain(i)), Envelope("bob@example.com"))).ToArray();
        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < results.Length; i++)
            Assert.Equal(i % 2 == 0 ? RspamdAction.Reject : RspamdAction.NoAction, results[i].Action);
    }

    [Fact]
    public async Task A_non_200_answer_is_a_command_error_with_the_status()
    {
        using var client = Client(checkPath: "/no-such-command");
        var e = await Assert.ThrowsAsync<RspamdCommandException>(() => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.Equal(500, e.StatusCode);
        Assert.Contains("invalid command", e.Message);
    }

    [Fact]
    public async Task An_unreachable_rspamd_is_a_protocol_error()
    {
        using var client = new RspamdClient("http://" + TestPorts.ClosedLoopbackPort());
        var e = await Assert.ThrowsAsync<RspamdProtocolException>(() => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.Equal(RspamdProtocolError.Unreachable, e.Error);
    }

    [Fact]
    public void Addresses_that_are_neither_http_nor_unix_are_refused()
    {
        Assert.Throws<FormatException>(() => new RspamdClient("ftp://127.0.0.1:11333"));
        Assert.Throws<FormatException>(() => new RspamdClient("unix:"));
        Assert.Throws<FormatException>(() => new RspamdClient("127.0.0.1"));
    }
}
