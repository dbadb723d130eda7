using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Execution;

public sealed class EarlyExitTests : EngineTestBase
{
    [Fact]
    public async Task Once_reject_is_certain_the_batch_answers_without_waiting_and_cancels_the_rest()
    {
        var batch = Engine.RunChecksAsync([Flag("zen").WithWeight(9), Flag("pending").WithWeight(2)]);
        WaitForBatches(1);
        Backend.Open("zen", true);
        var result = await Result(batch);
        Assert.True(result.EarlyExit);
        Assert.Equal(Verdict.Reject, result.Verdict);
        Assert.Equal(CheckStatus.Aborted, result.Results["pending"].Status);
        Assert.Equal(["zen listed"], result.Reasons);
        Assert.True(Backend.Tokens("pending").Single().IsCancellationRequested);
    }

    [Fact]
    public async Task A_pending_check_that_could_reach_tempfail_is_waited_for()
    {
        var batch = Engine.RunChecksAsync([Flag("zen").WithWeight(9), Flag("heavy").WithWeight(3)]);
        WaitForBatches(1);
        Backend.Open("zen", true);
        WaitForAnswers(1);
        AssertPending(batch);
        Backend.Open("heavy", true);
        var result = await Result(batch);
        Assert.False(result.EarlyExit);
        Assert.Equal(Verdict.Tempfail, result.Verdict);
        Assert.Equal(12.0, result.Score);
    }

    [Fact]
    public async Task A_pending_fail_closed_check_is_waited_for_since_its_error_would_mean_tempfail()
    {
        var batch = Engine.RunChecksAsync([Flag("zen").WithWeight(9), Flag("closed").FailClosed()]);
        WaitForBatches(1);
        Backend.Open("zen", true);
        WaitForAnswers(1);
        AssertPending(batch);
        Backend.Fail("closed", new IOException("connection reset"));
        var result = await Result(batch);
        Assert.Equal(Verdict.Tempfail, result.Verdict);
        Assert.Equal(CheckStatus.Error, result.Results["closed"].Status);
        Assert.Equal("connection reset", result.Results["closed"].Error);
        Assert.Equal(["closed: connection reset (fail-closed)", "zen listed"], result.Reasons);
    }

    [Fact]
    public async Task A_pending_negative_weight_that_could_pull_the_score_below_reject_is_waited_for()
    {
        var batch = Engine.RunChecksAsync([Flag("zen").WithWeight(9), Flag("allowlist").WithWeight(-5)]);
        WaitForBatches(1);
        Backend.Open("zen", true);
        WaitForAnswers(1);
        AssertPending(batch);
        Backend.Open("allowlist", true);
        var result = await Result(batch);
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(4.0, result.Score);
    }

    [Fact]
    public async Task Early_exit_can_be_turned_off()
    {
        await using var engine = new FilterEngine(new FilterEngineOptions { TimeProvider = Time, EarlyExit = false });
        engine.RegisterKind(new CheckKind("flag", () => (p, ct) => Backend.AnswerBoxedAsync((string)p, ct), FlagInterpretation.Interpret));
        var batch = engine.RunChecksAsync([Flag("zen").WithWeight(9), Flag("later")]);
        Backend.Open("zen", true);
        Sift.Actors.TestKit.ActorTestKit.AwaitCondition(() => engine.Metrics.AnswersProcessed >= 1, RealTimeLimit);
        AssertPending(batch);
        Backend.Open("later", false);
        var result = await Result(batch);
        Assert.False(result.EarlyExit);
        Assert.Equal(Verdict.Reject, result.Verdict);
    }

    [Fact]
    public async Task A_custom_denysoft_makes_the_verdict_tempfail_and_its_reason_comes_first()
    {
        var batch = Engine.RunChecksAsync([Gate("greylist").WithWeight(0), Flag("zen").WithWeight(2)]);
        Backend.Open("greylist", CustomAnswer.DenySoft("greylisted, try again later"));
        Backend.Open("zen", true);
        var result = await Result(batch);
        Assert.Equal(Verdict.Tempfail, result.Verdict);
        Assert.Equal(FilterAction.Tempfail, result.Action);
        Assert.Equal("greylisted, try again later", result.Reasons[0]);
    }

    [Fact]
    public async Task The_caller_cancelling_ends_the_batch_with_an_OperationCanceledException()
    {
        using var cancel = new CancellationTokenSource();
        var batch = Engine.RunChecksAsync([Gate("a")], cancel.Token);
        WaitForBatches(1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Result(batch));
        Assert.True(Backend.Tokens("a").Single().IsCancellationRequested);
    }

    [Fact]
    public async Task An_unknown_kind_is_an_error_of_that_check_only()
    {
        Backend.Open("ok", false);
        var result = await Result(Engine.RunChecksAsync([new CheckSpec("mystery", "nosuchkind", "x"), Flag("ok")]));
        Assert.Equal(CheckStatus.Error, result.Results["mystery"].Status);
        Assert.Contains("unknown check kind", result.Results["mystery"].Error, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Answered, result.Results["ok"].Status);
    }

    [Fact]
    public async Task An_answer_outside_the_kind_s_meaning_is_an_error_not_a_hit()
    {
        Backend.Open("garbled", "127.255.255.254");
        var result = await Result(Engine.RunChecksAsync([Flag("garbled").WithWeight(20)]));
        Assert.Equal(CheckStatus.Error, result.Results["garbled"].Status);
        Assert.Equal(0.0, result.Score);
        Assert.Equal(Verdict.Pass, result.Verdict);
    }

    [Fact]
    public async Task An_empty_batch_passes_and_duplicate_names_are_refused()
    {
        var empty = await Result(Engine.RunChecksAsync([]));
        Assert.Equal(Verdict.Pass, empty.Verdict);
        Assert.Empty(empty.Checks);
        Assert.Throws<ArgumentException>(() => { _ = Engine.RunChecksAsync([Flag("x"), Flag("x")]); });
    }
}
