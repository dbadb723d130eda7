using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Results;

public sealed class ScoringTests
{
    private static readonly Interpretation Listed = new FlagInterpretation(true, "listed");
    private static readonly Interpretation Clean = new FlagInterpretation(false, null);

    [Theory]
    [InlineData(0.0, Verdict.Pass)]
    [InlineData(7.99, Verdict.Pass)]
    [InlineData(8.0, Verdict.Reject)]
    [InlineData(11.99, Verdict.Reject)]
    [InlineData(12.0, Verdict.Tempfail)]
    [InlineData(40.0, Verdict.Tempfail)]
    [InlineData(-3.0, Verdict.Pass)]
    public void Tempfail_is_the_top_band_then_reject_then_pass(double weight, Verdict expected)
    {
        var result = Scoring.ScoreResults(new Dictionary<string, Interpretation> { ["x"] = Listed }, new Dictionary<string, double> { ["x"] = weight });
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(weight, result.Score);
    }

    [Theory]
    [InlineData(6.0, 7.0, Verdict.Pass)]
    [InlineData(4.0, 7.0, Verdict.Reject)]
    [InlineData(2.0, 4.5, Verdict.Tempfail)]
    [InlineData(5.0, 5.0, Verdict.Tempfail)]
    public void Thresholds_can_be_set(double rejectAt, double tempfailAt, Verdict expected)
    {
        var result = Scoring.ScoreResults(
            new Dictionary<string, Interpretation> { ["a"] = Listed, ["b"] = Clean },
            new Dictionary<string, double> { ["a"] = 5.0, ["b"] = 3.0 },
            rejectAt,
            tempfailAt);
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(5.0, result.Score);
    }

    [Fact]
    public void Only_hits_add_their_weight_and_unweighted_checks_count_one()
    {
        var result = Scoring.ScoreResults(new Dictionary<string, Interpretation> { ["a"] = Listed, ["b"] = Clean, ["c"] = Listed });
        Assert.Equal(2.0, result.Score);
        Assert.Equal(0.0, result.Weights["b"]);
    }

    [Theory]
    [InlineData(CheckStatus.Error, ErrorPolicy.FailOpen, Verdict.Pass)]
    [InlineData(CheckStatus.TimedOut, ErrorPolicy.FailOpen, Verdict.Pass)]
    [InlineData(CheckStatus.Aborted, ErrorPolicy.FailOpen, Verdict.Pass)]
    [InlineData(CheckStatus.Error, ErrorPolicy.FailClosed, Verdict.Tempfail)]
    [InlineData(CheckStatus.TimedOut, ErrorPolicy.FailClosed, Verdict.Tempfail)]
    [InlineData(CheckStatus.Aborted, ErrorPolicy.FailClosed, Verdict.Tempfail)]
    [InlineData(CheckStatus.Overloaded, ErrorPolicy.FailOpen, Verdict.Tempfail)]
    [InlineData(CheckStatus.Overloaded, ErrorPolicy.FailClosed, Verdict.Tempfail)]
    public void An_error_adds_nothing_unless_fail_closed_and_an_overload_is_always_tempfail(CheckStatus status, ErrorPolicy policy, Verdict expected)
    {
        var result = Scoring.ScoreResults([new ScoredCheck("x", status, null, 20, policy, "boom")]);
        Assert.Equal(0.0, result.Score);
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(expected == Verdict.Pass ? 0 : 1, result.Reasons.Count);
    }

    [Fact]
    public void An_unusable_answer_is_an_error_not_a_hit()
    {
        var open = Scoring.ScoreResults([new ScoredCheck("zen", CheckStatus.Answered, new UnusableAnswer("127.255.255.254: query refused"), 9)]);
        Assert.Equal(Verdict.Pass, open.Verdict);
        Assert.Equal(0.0, open.Score);
        var closed = Scoring.ScoreResults([new ScoredCheck("zen", CheckStatus.Answered, new UnusableAnswer("127.255.255.254: query refused"), 9, ErrorPolicy.FailClosed)]);
        Assert.Equal(Verdict.Tempfail, closed.Verdict);
        Assert.Equal(["zen: 127.255.255.254: query refused (fail-closed)"], closed.Reasons);
    }

    [Fact]
    public void Reasons_come_heaviest_first_ties_in_order_given_after_those_that_forced_the_verdict()
    {
        var result = Scoring.ScoreResults(
        [
            new ScoredCheck("light", CheckStatus.Answered, new FlagInterpretation(true, "light"), 1),
            new ScoredCheck("heavy", CheckStatus.Answered, new FlagInterpretation(true, "heavy"), 6),
            new ScoredCheck("tie", CheckStatus.Answered, new FlagInterpretation(true, "tie"), 1),
            new ScoredCheck("down", CheckStatus.Error, null, 5, ErrorPolicy.FailClosed, "refused"),
            new ScoredCheck("clean", CheckStatus.Answered, Clean, 9),
        ]);
        Assert.Equal(["down: refused (fail-closed)", "heavy", "light", "tie"], result.Reasons);
        Assert.Equal(8.0, result.Score);
        Assert.Equal(Verdict.Tempfail, result.Verdict);
    }

    [Theory]
    [InlineData(CustomVerdict.Ok, 0.0, Verdict.Pass)]
    [InlineData(CustomVerdict.Declined, 0.0, Verdict.Pass)]
    [InlineData(CustomVerdict.Deny, 2.0, Verdict.Reject)]
    [InlineData(CustomVerdict.DenySoft, 2.0, Verdict.Tempfail)]
    public void Custom_answers_are_understood(CustomVerdict verdict, double score, Verdict expected)
    {
        var check = new CheckSpec("policy", "custom", "x");
        var interpretation = CustomInterpretation.Interpret(new CustomAnswer(verdict, "because"), check);
        var result = Scoring.ScoreResults([new ScoredCheck("policy", CheckStatus.Answered, interpretation, 2)]);
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(score, result.Score);
    }

    [Fact]
    public void A_weight_override_by_name_wins_over_the_check_s_weight()
    {
        var result = Scoring.ScoreResults([new ScoredCheck("zen", CheckStatus.Answered, Listed, 1)], new Dictionary<string, double> { ["zen"] = 8.5 });
        Assert.Equal(8.5, result.Score);
        Assert.Equal(Verdict.Reject, result.Verdict);
    }

    [Fact]
    public void Headers_carry_the_score_the_threshold_and_the_tests_that_hit()
    {
        var result = Scoring.ScoreResults(
        [
            new ScoredCheck("zen", CheckStatus.Answered, Listed, 5),
            new ScoredCheck("rdns", CheckStatus.Answered, Listed, 3.5),
            new ScoredCheck("spf", CheckStatus.Answered, Clean, 2),
        ]);
        var headers = Scoring.Headers(result, ScoringThresholds.Default);
        Assert.Equal(new KeyValuePair<string, string>("X-Spam-Score", "8.5"), headers[0]);
        Assert.Equal(new KeyValuePair<string, string>("X-Spam-Status", "Yes, score=8.5 required=8.0 tests=zen,rdns"), headers[1]);
        var clean = Scoring.Headers(Scoring.ScoreResults([new ScoredCheck("spf", CheckStatus.Answered, Clean)]), ScoringThresholds.Default);
        Assert.Equal("No, score=0.0 required=8.0 tests=none", clean[1].Value);
    }
}
