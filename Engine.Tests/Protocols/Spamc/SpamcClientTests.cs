using System.Text;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Tests.Protocols.Spamc;

/// <summary>The SPAMC client against the real spamd started by test-env/servers/spamd.sh (local rules only).</summary>
public sealed class SpamcClientTests
{
    private static SpamcClient Client() => new(new SpamcClientOptions
    {
        EndPoint = SpamdAddress.Parse(TestEnv.Require("SIFT_TEST_SPAMD")),
        Timeout = TimeSpan.FromSeconds(20),
    });

    [Fact]
    public async Task Ping_is_answered_with_pong()
    {
        await Client().PingAsync();
    }

    [Fact]
    public async Task Gtube_is_spam_with_a_score_of_at_least_1000_over_5()
    {
        var result = await Client().CheckAsync(TestMessages.AsStream(TestMessages.Gtube()));
        Assert.True(result.IsSpam);
        Assert.InRange(result.Score, 1000, 1100);
        Assert.Equal(5.0, result.Threshold);
        Assert.Equal("1.1", result.ProtocolVersion);
    }

    [Fact]
    public async Task A_plain_message_is_not_spam()
    {
        var result = await Client().CheckAsync(TestMessages.AsStream(TestMessages.Plain()));
        Assert.False(result.IsSpam);
        Assert.True(result.Score < result.Threshold, $"score {result.Score} / {result.Threshold}");
    }

    [Fact]
    public async Task Symbols_lists_the_gtube_rule()
    {
        var result = await Client().SymbolsAsync(TestMessages.AsStream(TestMessages.Gtube()));
        Assert.True(result.IsSpam);
        Assert.Contains("GTUBE", result.Symbols);
        Assert.All(result.Symbols, s => Assert.Matches("^[A-Z0-9_]+$", s));
    }

    [Fact]
    public async Task Report_explains_the_score_with_bare_newlines()
    {
        var result = await Client().ReportAsync(TestMessages.AsStream(TestMessages.Gtube()));
        Assert.NotNull(result.Report);
        Assert.Contains("GTUBE", result.Report);
        Assert.Contains("Content analysis details", result.Report);
        Assert.DoesNotContain("\r\n", result.Report);
    }

    [Fact]
    public async Task Report_if_spam_gives_a_report_for_spam_and_none_for_ham()
    {
        var client = Client();
        var spam = await client.ReportIfSpamAsync(TestMessages.AsStream(TestMessages.Gtube()));
        var ham = await client.ReportIfSpamAsync(TestMessages.AsStream(TestMessages.Plain()));
        Assert.True(spam.IsSpam);
        Assert.Contains("GTUBE", spam.Report);
        Assert.False(ham.IsSpam);
        Assert.Null(ham.Report);
    }

    [Fact]
    public async Task Process_streams_the_rewritten_message_to_the_output()
    {
        using var output = new MemoryStream();
        var result = await Client().ProcessAsync(TestMessages.AsStream(TestMessages.Gtube()), output);
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.True(result.IsSpam);
        Assert.Equal(output.Length, result.ProcessedLength);
        Assert.Contains("X-Spam-Flag: YES", text);
        Assert.Contains(TestMessages.GtubeLine, text);
    }

    [Fact]
    public async Task A_stream_of_unknown_length_is_sent_without_content_length_and_still_scanned()
    {
        var message = new ForwardOnlyStream(Encoding.ASCII.GetBytes(TestMessages.Gtube()), chunk: 5);
        var result = await Client().SymbolsAsync(message);
        Assert.True(result.IsSpam);
        Assert.Contains("GTUBE", result.Symbols);
    }

    [Fact]
    public async Task The_user_header_is_accepted()
    {
        var result = await Client().CheckAsync(TestMessages.AsStream(TestMessages.Gtube()), user: "nobody");
        Assert.True(result.IsSpam);
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_with_ex_protocol_76()
    {
        var e = await Assert.ThrowsAsync<SpamcCommandException>(
            () => Client().SendRawAsync("FROBNICATE", TestMessages.AsStream(TestMessages.Plain()), CancellationToken.None));
        Assert.Equal(76, e.Code);
        Assert.Equal(SpamdStatus.Protocol, e.Status);
        Assert.StartsWith("Bad header line", e.StatusMessage);
    }

    [Fact]
    public async Task An_unknown_verb_with_a_large_body_still_yields_spamds_answer_not_a_reset()
    {
        var large = new MemoryStream(Encoding.ASCII.GetBytes(TestMessages.Plain() + new string('x', 2_000_000)));
        for (var i = 0; i < 5; i++)
        {
            large.Position = 0;
            var e = await Assert.ThrowsAsync<SpamcCommandException>(() => Client().SendRawAsync("FROBNICATE", large, CancellationToken.None));
            Assert.Equal(76, e.Code);
        }
    }

    [Fact]
    public async Task The_same_daemon_answers_on_its_unix_socket()
    {
        var client = new SpamcClient(TestEnv.Require("SIFT_TEST_SPAMD_UNIX"));
        await client.PingAsync();
        var result = await client.CheckAsync(TestMessages.AsStream(TestMessages.Gtube()));
        Assert.True(result.IsSpam);
    }

    [Fact]
    public async Task Concurrent_scans_each_get_their_own_answer()
    {
        var client = Client();
        var tasks = Enumerable.Range(0, 6).Select(i => client.CheckAsync(
            TestMessages.AsStream(i % 2 == 0 ? TestMessages.Gtube(i) : TestMessages.Plain(i)))).ToArray();
        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < results.Length; i++) Assert.Equal(i % 2 == 0, results[i].IsSpam);
    }

    [Fact]
    public async Task A_closed_port_is_reported_as_unreachable()
    {
        var e = await Assert.ThrowsAsync<SpamcProtocolException>(() => new SpamcClient(TestPorts.ClosedLoopbackPort()).PingAsync());
        Assert.Equal(SpamcProtocolError.Unreachable, e.Error);
    }
}
