using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Milter;
using Sift.Engine.Results;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Engine.Milter;

public sealed class GatewayPolicyTests
{
    [Theory]
    [InlineData("dnsbl", GatewayStage.Connect)]
    [InlineData("rdns", GatewayStage.Connect)]
    [InlineData("spf", GatewayStage.Mail)]
    [InlineData("rhsbl", GatewayStage.Mail)]
    [InlineData("hashbl", GatewayStage.Mail)]
    [InlineData("dmarc", GatewayStage.EndOfMessage)]
    [InlineData("clamd", GatewayStage.EndOfMessage)]
    [InlineData("spamc", GatewayStage.EndOfMessage)]
    [InlineData("rspamd", GatewayStage.EndOfMessage)]
    [InlineData("process", GatewayStage.EndOfMessage)]
    [InlineData("my-custom-kind", GatewayStage.EndOfMessage)]
    public void A_check_without_a_stage_runs_where_its_inputs_are_first_complete(string kind, GatewayStage expected) =>
        Assert.Equal(expected, StageTable.DefaultStage(kind));

    [Fact]
    public void A_check_at_a_stage_before_its_inputs_is_refused_and_every_error_is_listed()
    {
        var options = new SiftOptions();
        options.Checks["virus"] = new CheckOptions { Kind = "clamd", Stage = "connect" };
        options.Checks["list"] = new CheckOptions { Kind = "dnsbl" };
        options.Checks["when"] = new CheckOptions { Kind = "rdns", Stage = "lunchtime" };
        options.Checks["how"] = new CheckOptions { Kind = "rdns", OnError = "maybe" };
        options.Milter.Replies.Reject = "250 fine";
        var e = Assert.Throws<GatewayPolicyException>(() => GatewayPolicy.From(options));
        Assert.Contains("sift.checks.virus.stage: a clamd check cannot run at connect: its inputs are complete at eom", e.Errors);
        Assert.Contains("sift.checks.list.zone: a dnsbl check needs a zone", e.Errors);
        Assert.Contains(e.Errors, m => m.StartsWith("sift.checks.when.stage: 'lunchtime' is not a stage", StringComparison.Ordinal));
        Assert.Contains("sift.checks.how.on-error: 'maybe' is not open or closed", e.Errors);
        Assert.Contains("sift.milter.replies.reject: '250 fine' does not start with a 5xx code", e.Errors);
    }

    [Fact]
    public void A_stage_left_out_of_the_enabled_list_cannot_take_checks()
    {
        var options = new SiftOptions();
        options.Milter.Stages.Enabled = ["mail", "eom"];
        options.Checks["zen"] = new CheckOptions { Kind = "dnsbl", Zone = "zen.example" };
        var e = Assert.Throws<GatewayPolicyException>(() => GatewayPolicy.From(options));
        Assert.Equal("sift.checks.zen.stage: connect is not in sift.milter.stages.enabled", Assert.Single(e.Errors));
    }

    [Fact]
    public void Checks_are_grouped_by_stage_and_disabled_ones_are_left_out()
    {
        var options = new SiftOptions();
        options.Checks["zen"] = new CheckOptions { Kind = "dnsbl", Zone = "zen.example", Weight = 5 };
        options.Checks["spf"] = new CheckOptions { Kind = "spf", Stage = "rcpt" };
        options.Checks["av"] = new CheckOptions { Kind = "clamd", OnError = "closed" };
        options.Checks["off"] = new CheckOptions { Kind = "spamd", Enabled = false };
        var policy = GatewayPolicy.From(options);
        Assert.Equal(["zen"], policy.ChecksAt(GatewayStage.Connect).Select(c => c.Name));
        Assert.Equal(["spf"], policy.ChecksAt(GatewayStage.Rcpt).Select(c => c.Name));
        Assert.False(policy.HasChecks(GatewayStage.Mail));
        var av = Assert.Single(policy.ChecksAt(GatewayStage.EndOfMessage));
        Assert.Equal(ErrorPolicy.FailClosed, av.OnError);
        Assert.Equal(3, policy.Checks.Count);
    }

    [Fact]
    public void A_check_is_built_from_what_the_session_knows_or_left_out_when_its_input_is_missing()
    {
        var options = new SiftOptions();
        options.Checks["zen"] = new CheckOptions { Kind = "dnsbl", Zone = "zen.example", Weight = 5, Timeout = TimeSpan.FromSeconds(2) };
        options.Checks["dbl"] = new CheckOptions { Kind = "rhsbl", Zone = "dbl.example" };
        var policy = GatewayPolicy.From(options);
        var local = new GatewayMessage(null, "localhost", null, null, [], null, null, null, GatewayStage.Connect);
        Assert.Null(policy.ChecksAt(GatewayStage.Connect)[0].Build(local));
        var remote = local with { ClientAddress = System.Net.IPAddress.Parse("192.0.2.7"), Sender = "a@Mail.Example.ORG" };
        var zen = policy.ChecksAt(GatewayStage.Connect)[0].Build(remote)!;
        Assert.Equal(new DnsblQuery(System.Net.IPAddress.Parse("192.0.2.7"), "zen.example"), zen.Parameters);
        Assert.Equal(5, zen.Weight);
        Assert.Equal(TimeSpan.FromSeconds(2), zen.Timeout);
        Assert.Equal("connect", zen.Stage);
        var dbl = policy.ChecksAt(GatewayStage.Mail)[0].Build(remote)!;
        Assert.Equal(new RhsblQuery("mail.example.org", "dbl.example"), dbl.Parameters);
    }

    [Fact]
    public void A_pass_takes_the_highest_extra_band_its_score_reaches()
    {
        var options = new SiftOptions();
        options.Scoring.Actions["mark"] = new ScoringActionOptions { At = 3, Action = "add-header" };
        options.Scoring.Actions["hold"] = new ScoringActionOptions { At = 6, Action = "quarantine" };
        var policy = GatewayPolicy.From(options);
        ScoreResult Score(double s, Verdict v) => new(s, v, [], new Dictionary<string, double>());
        Assert.Equal(FilterAction.Accept, policy.ActionFor(Score(1, Verdict.Pass)));
        Assert.Equal(FilterAction.AddHeader, policy.ActionFor(Score(4, Verdict.Pass)));
        Assert.Equal(FilterAction.Quarantine, policy.ActionFor(Score(7, Verdict.Pass)));
        Assert.Equal(FilterAction.Reject, policy.ActionFor(Score(9, Verdict.Reject)));
        Assert.Equal(FilterAction.Tempfail, policy.ActionFor(Score(1, Verdict.Tempfail)));
    }

    [Fact]
    public void A_reply_carries_the_first_reason_on_one_clean_line()
    {
        Assert.True(SmtpReplyTemplate.TryParse("550 5.7.1 Rejected", 5, out var plain, out _));
        Assert.Equal("550 5.7.1 Rejected: listed in zen", plain!.Render("listed in zen").SmtpReply);
        Assert.Equal("550 5.7.1 Rejected", plain.Render(null).SmtpReply);
        Assert.True(SmtpReplyTemplate.TryParse("554 Go away ({reason}) now", 5, out var placed, out _));
        Assert.Equal("554 Go away (bad  thing 100) now", placed!.Render("bad\r\nthing 100%").SmtpReply);
        Assert.Equal(MilterResponseKind.Reply, placed.Render(new string('x', 1000)).Kind);
        Assert.True(placed.Render(new string('x', 1000)).SmtpReply!.Length < 300);
        Assert.False(SmtpReplyTemplate.TryParse("451 4.7.1 later", 5, out _, out var error));
        Assert.Equal("'451 4.7.1 later' does not start with a 5xx code", error);
    }
}
