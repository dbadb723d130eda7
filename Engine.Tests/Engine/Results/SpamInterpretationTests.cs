using Sift.Engine.Results;
using Sift.Protocols.Rspamd;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Tests.Engine.Results;

/// <summary>Interpretation of spamd and rspamd answers into typed results.</summary>
public sealed class SpamInterpretationTests
{
    private static SpamdResult Spamd(bool spam, double score) =>
        new() { Command = SpamcCommand.Symbols, IsSpam = spam, Score = score, Threshold = 5.0, Symbols = ["GTUBE", "MISSING_DATE"] };

    private static RspamdResult Rspamd(RspamdAction action, double score, bool skipped = false, string? smtp = null) => new()
    {
        Score = score,
        RequiredScore = 15,
        Action = action,
        ActionName = action.ToName(),
        IsSkipped = skipped,
        Symbols = [new("LOW", 0.5, null, []), new("ZERO", 0, null, []), new("HIGH", 6, null, []), new("HAM", -1, null, [])],
        Messages = smtp is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["smtp_message"] = smtp },
    };

    [Fact]
    public void Spamd_spam_is_a_hit_with_score_and_rules_in_the_reason()
    {
        var i = SpamAssassinInterpretation.From(Spamd(true, 1003.3));
        Assert.True(i.Hit);
        Assert.Equal(1003.3, i.Score);
        Assert.Equal(5.0, i.Threshold);
        Assert.Equal("SpamAssassin score 1003.3 / 5.0 (GTUBE, MISSING_DATE)", i.Reason);
    }

    [Fact]
    public void Spamd_ham_is_no_hit_and_says_nothing()
    {
        var i = SpamAssassinInterpretation.From(Spamd(false, 1.2));
        Assert.False(i.Hit);
        Assert.Null(i.Reason);
    }

    [Fact]
    public void A_threshold_of_our_own_overrides_spamds()
    {
        Assert.True(SpamAssassinInterpretation.From(Spamd(false, 3.0), threshold: 2.5).IsSpam);
        Assert.False(SpamAssassinInterpretation.From(Spamd(true, 6.0), threshold: 8.0).IsSpam);
    }

    [Theory]
    [InlineData(RspamdAction.NoAction, false)]
    [InlineData(RspamdAction.Greylist, false)]
    [InlineData(RspamdAction.AddHeader, true)]
    [InlineData(RspamdAction.RewriteSubject, true)]
    [InlineData(RspamdAction.SoftReject, true)]
    [InlineData(RspamdAction.Reject, true)]
    [InlineData(RspamdAction.Unknown, false)]
    public void Rspamd_actions_stronger_than_delivery_are_hits(RspamdAction action, bool hit)
    {
        var i = RspamdInterpretation.From(Rspamd(action, 7));
        Assert.Equal(hit, i.Hit);
        Assert.Equal(hit, i.Reason is not null);
    }

    [Fact]
    public void Rspamd_symbols_are_the_scoring_ones_highest_first()
    {
        var i = RspamdInterpretation.From(Rspamd(RspamdAction.AddHeader, 7));
        Assert.Equal(["HIGH", "LOW", "HAM"], i.Symbols);
        Assert.Equal("rspamd add header, score 7.0 / 15.0 (HIGH, LOW, HAM)", i.Reason);
    }

    [Fact]
    public void A_prefilter_reject_keeps_its_symbol_and_smtp_message()
    {
        var gtube = Rspamd(RspamdAction.Reject, 15, skipped: true, smtp: "Gtube pattern") with { Symbols = [new("GTUBE", 0, null, [])] };
        var i = RspamdInterpretation.From(gtube);
        Assert.Equal(["GTUBE"], i.Symbols);
        Assert.Equal("rspamd reject, score 15.0 / 15.0: Gtube pattern", i.Reason);
    }
}
