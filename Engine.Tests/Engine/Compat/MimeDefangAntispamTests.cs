using Sift.Engine.Compat;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Rspamd;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Tests.Engine.Compat;

/// <summary>The MIMEDefang-shaped drop-ins against the real spamd and rspamd.</summary>
public sealed class MimeDefangAntispamTests
{
    [Fact]
    public async Task Spamc_check_returns_score_threshold_report_and_verdict()
    {
        var client = new SpamcClient(TestEnv.Require("SIFT_TEST_SPAMD"));
        var result = await MimeDefangAntispam.SpamcCheckAsync(client, TestMessages.AsStream(TestMessages.Gtube()));
        Assert.NotNull(result);
        var (score, threshold, report, isSpam) = result.Value;
        Assert.True(score >= 1000);
        Assert.Equal(5.0, threshold);
        Assert.Contains("GTUBE", report);
        Assert.True(isSpam);
    }

    [Fact]
    public async Task Spamc_check_of_an_unreachable_spamd_is_null_like_undef()
    {
        var client = new SpamcClient(TestPorts.ClosedLoopbackPort());
        Assert.Null(await MimeDefangAntispam.SpamcCheckAsync(client, TestMessages.AsStream(TestMessages.Plain())));
    }

    [Fact]
    public async Task Rspamd_check_of_gtube_says_reject_and_spam()
    {
        using var client = new RspamdClient(TestEnv.Require("SIFT_TEST_RSPAMD"));
        var (hits, required, tests, report, action, isSpam) =
            await MimeDefangAntispam.RspamdCheckAsync(client, TestMessages.AsStream(TestMessages.Gtube()));
        Assert.Equal("reject", action);
        Assert.True(isSpam);
        Assert.True(hits >= required && required > 0);
        Assert.Contains("GTUBE (0)", tests);
        Assert.Contains("Action: reject\n", report);
    }

    [Fact]
    public async Task Rspamd_check_of_a_plain_message_is_no_action_and_not_spam()
    {
        using var client = new RspamdClient(TestEnv.Require("SIFT_TEST_RSPAMD"));
        var (_, _, tests, _, action, isSpam) = await MimeDefangAntispam.RspamdCheckAsync(
            client, TestMessages.AsStream(TestMessages.Plain()), new RspamdEnvelope { Ip = "127.0.0.1", Rcpt = ["bob@example.com"] });
        Assert.Equal("no action", action);
        Assert.False(isSpam);
        Assert.Contains("MIME_GOOD (-0.1)", tests);
    }

    [Fact]
    public async Task Rspamd_check_of_an_unreachable_rspamd_is_a_soft_reject_like_mimedefang()
    {
        using var client = new RspamdClient("http://" + TestPorts.ClosedLoopbackPort());
        var result = await MimeDefangAntispam.RspamdCheckAsync(client, TestMessages.AsStream(TestMessages.Plain()));
        Assert.Equal((0.0, 0.0, "", "", "soft reject", false), result);
    }

    [Fact]
    public async Task Rspamd_check_of_a_stalled_rspamd_is_a_soft_reject_after_the_timeout()
    {
        await using var daemon = ScriptedTcpDaemon.Stalling();
        using var client = new RspamdClient(new RspamdClientOptions { Address = "http://" + daemon.HostPort, Timeout = TimeSpan.FromMilliseconds(200) });
        var result = await MimeDefangAntispam.RspamdCheckAsync(client, TestMessages.AsStream(TestMessages.Plain()));
        Assert.Equal(MimeDefangAntispam.RspamdUnavailable, result);
    }
}
