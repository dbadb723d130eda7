using Sift.Actors.Checks;
using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Execution;

/// <summary>Checks of inline kinds run on the caller's thread; a batch they end synchronously is
/// answered without an aggregator, one with pending checks without an actor until a deadline could act.</summary>
public sealed class InlineFastPathTests : EngineTestBase
{
    /// <summary>"deny:REASON", "soft:REASON", "throw:TEXT", "declined" or anything else (OK), answered synchronously.</summary>
    private static ValueTask<CustomAnswer> Answer(object parameters, CancellationToken cancellationToken)
    {
        var text = (string)parameters;
        return text switch
        {
            _ when text.StartsWith("deny:", StringComparison.Ordinal) => ValueTask.FromResult(CustomAnswer.Deny(text[5..])),
            _ when text.StartsWith("soft:", StringComparison.Ordinal) => ValueTask.FromResult(CustomAnswer.DenySoft(text[5..])),
            _ when text.StartsWith("throw:", StringComparison.Ordinal) => throw new InvalidOperationException(text[6..]),
            "declined" => ValueTask.FromResult(CustomAnswer.Declined()),
            _ => ValueTask.FromResult(CustomAnswer.Ok()),
        };
    }

    public InlineFastPathTests()
    {
        Engine.RegisterCustom("sync", Answer);

        // The same checks through the kind's pool of actors: an executor kind that does not opt in.
        Engine.RegisterKind(new CheckKind("pooled", () => CheckCompletion.Untyped<CustomAnswer>(Answer), CustomInterpretation.Interpret,
            mergeKey: CheckKind.NeverMerge) { MayRaiseVerdict = true });
        Engine.RegisterCustom("single", (p, ct) => Backend.AnswerAsync<CustomAnswer>((string)p, ct), poolSize: 1, maxInFlightPerWorker: 1);
    }

    private static CheckSpec[] Mixed(string kind) =>
    [
        Check.Custom(kind, "policy", "ok").WithWeight(2),
        Check.Custom(kind, "helo", "deny:bad helo").WithWeight(3),
        Check.Custom(kind, "quiet", "declined").WithWeight(4),
        Check.Custom(kind, "broken", "throw:backend said no"),
        Check.Custom(kind, "heavy", "deny:listed twice").WithWeight(6),
    ];

    [Fact]
    public async Task A_batch_whose_checks_all_end_synchronously_is_answered_at_once_as_the_actor_path_would()
    {
        var inline = Engine.RunChecksAsync(Mixed("sync"));
        Assert.True(inline.IsCompletedSuccessfully, "answered on the caller's thread");
        Assert.Equal(1L, Engine.Metrics.BatchesAnsweredInline);
        var pooled = await Result(Engine.RunChecksAsync(Mixed("pooled")));
        Assert.Equal(1L, Engine.Metrics.BatchesAnsweredInline);
        var fast = await inline;

        Assert.Equal(pooled.Verdict, fast.Verdict);
        Assert.Equal(Verdict.Reject, fast.Verdict);
        Assert.Equal(pooled.Action, fast.Action);
        Assert.Equal(pooled.Score, fast.Score);
        Assert.Equal(9.0, fast.Score);
        Assert.Equal(pooled.Reasons, fast.Reasons);
        Assert.Equal(["bad helo", "listed twice"], fast.Reasons);
        Assert.Equal(pooled.Headers, fast.Headers);
        Assert.False(fast.EarlyExit);
        Assert.False(fast.TimedOut);
        Assert.Empty(fast.WaitedFor);
        Assert.Equal(pooled.Checks.Count, fast.Checks.Count);
        for (var i = 0; i < fast.Checks.Count; i++)
        {
            var (a, b) = (pooled.Checks[i], fast.Checks[i]);
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Status, b.Status);
            Assert.Equal(a.Interpretation, b.Interpretation);
            Assert.Equal(a.Error, b.Error);
            Assert.Equal(a.WeightApplied, b.WeightApplied);
            Assert.Equal(a.Merged, b.Merged);
        }
        Assert.Equal(CheckStatus.Error, fast.Results["broken"].Status);
        Assert.Equal("backend said no", fast.Results["broken"].Error);
        Assert.Equal(6.0, fast.Results["heavy"].WeightApplied);
        Assert.Equal(0.0, fast.Results["quiet"].WeightApplied);
    }

    [Fact]
    public async Task The_metrics_count_a_batch_answered_inline_as_started_dispatched_answered_and_complete()
    {
        var result = await Result(Engine.RunChecksAsync([Check.Custom("sync", "a", "ok"), Check.Custom("sync", "b", "ok")]));
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(Verdict.Pass, (await Result(Engine.RunChecksAsync([]))).Verdict);
        var metrics = Engine.Metrics;
        Assert.Equal(2L, metrics.BatchesAnsweredInline);
        Assert.Equal(2L, metrics.BatchesStarted);
        Assert.Equal(2L, metrics.BatchesAnswered);
        Assert.Equal(2L, metrics.ChecksDispatched);
        Assert.Equal(2L, metrics.AnswersProcessed);
        Assert.Equal(0L, metrics.EarlyExits);
        Assert.All(result.Checks, c => Assert.Equal(TimeSpan.Zero, c.Duration));
        Assert.Equal(TimeSpan.Zero, result.Elapsed);
    }

    [Fact]
    public async Task Synchronous_and_pending_checks_mix_and_the_last_answer_completes_the_batch()
    {
        var batch = Engine.RunChecksAsync([Check.Custom("sync", "now", "deny:at once").WithWeight(5), Gate("later").WithWeight(4), Gate("last")]);
        WaitForBatches(1);
        Assert.Equal(1L, Engine.Metrics.AnswersProcessed);
        Time.Advance(TimeSpan.FromMilliseconds(300));
        Backend.Open("later", CustomAnswer.Deny("later said no"));
        WaitForAnswers(2);
        AssertPending(batch);
        Time.Advance(TimeSpan.FromMilliseconds(200));
        Backend.Open("last", CustomAnswer.Ok());
        var result = await Result(batch);
        Assert.Equal(Verdict.Reject, result.Verdict);
        Assert.Equal(9.0, result.Score);
        Assert.Equal(["at once", "later said no"], result.Reasons);
        Assert.Equal(TimeSpan.Zero, result.Results["now"].Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(300), result.Results["later"].Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), result.Results["last"].Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), result.Elapsed);
        Assert.Equal(0L, Engine.Metrics.BatchesAnsweredInline);
        Assert.Equal(0L, Engine.System.Metrics.ActorsStopped);
    }

    [Fact]
    public async Task Inline_checks_and_pooled_checks_mix_in_one_batch_through_the_aggregator()
    {
        Backend.Open("dnsbl", true);
        Backend.Open("greylist", CustomAnswer.Ok());
        var complete = await Result(Engine.RunChecksAsync([Check.Custom("sync", "policy", "declined"), Flag("dnsbl").WithWeight(4), Gate("greylist")]));
        Assert.Equal(Verdict.Pass, complete.Verdict);
        Assert.Equal(4.0, complete.Score);
        Assert.All(complete.Checks, c => Assert.Equal(CheckStatus.Answered, c.Status));
        Assert.Equal(["dnsbl listed"], complete.Reasons);
        Assert.Equal(1L, Engine.Metrics.BatchesStarted);
        Assert.Equal(3L, Engine.Metrics.ChecksDispatched);
        Assert.Equal(3L, Engine.Metrics.AnswersProcessed);
        Assert.Equal(0L, Engine.Metrics.BatchesAnsweredInline);
    }

    [Fact]
    public async Task A_full_inline_kind_refuses_the_check_as_overloaded_and_gives_its_place_back_when_the_work_ends()
    {
        var holding = Engine.RunChecksAsync([Check.Custom("single", "first", "hold")]);
        WaitForBatches(1);
        var refused = await Result(Engine.RunChecksAsync([Check.Custom("single", "second", "other"), Check.Custom("sync", "fine", "ok")]));
        Assert.Equal(CheckStatus.Overloaded, refused.Results["second"].Status);
        Assert.Equal("overloaded: PoolInFlightLimit (limit 1)", refused.Results["second"].Error);
        Assert.Equal(Verdict.Tempfail, refused.Verdict);
        Assert.Equal(["second: overloaded, try again later"], refused.Reasons);
        Assert.Equal(0, Backend.Calls("other"));

        Backend.Open("hold", CustomAnswer.Ok());
        Assert.Equal(Verdict.Pass, (await Result(holding)).Verdict);
        Backend.Open("other", CustomAnswer.Ok());
        var after = await Result(Engine.RunChecksAsync([Check.Custom("single", "third", "other")]));
        Assert.Equal(CheckStatus.Answered, after.Results["third"].Status);
    }

    [Fact]
    public async Task Checks_of_a_kind_with_one_place_run_one_after_the_other_when_each_ends_synchronously()
    {
        Engine.RegisterCustom("narrow-sync", Answer, poolSize: 1, maxInFlightPerWorker: 1);
        var result = await Result(Engine.RunChecksAsync([Check.Custom("narrow-sync", "a", "ok"), Check.Custom("narrow-sync", "b", "ok"),
            Check.Custom("narrow-sync", "c", "deny:third")]));
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Answered, c.Status));
        Assert.Equal(Verdict.Reject, result.Verdict);
    }

    [Fact]
    public async Task Pending_checks_keep_their_places_so_a_kind_bounded_at_two_refuses_the_third_of_a_batch()
    {
        Engine.RegisterCustom("pair", (p, ct) => Backend.AnswerAsync<CustomAnswer>((string)p, ct), poolSize: 2, maxInFlightPerWorker: 1);
        var result = await Result(Engine.RunChecksAsync([Check.Custom("pair", "a", "a"), Check.Custom("pair", "b", "b"), Check.Custom("pair", "c", "c")]));
        Assert.True(result.EarlyExit);
        Assert.Equal(CheckStatus.Overloaded, result.Results["c"].Status);
        Assert.Equal("overloaded: PoolInFlightLimit (limit 2)", result.Results["c"].Error);
        Assert.Equal(0, Backend.Calls("c"));

        // The two abandoned checks end (their token was cancelled) and give their places back.
        Backend.Open("a", CustomAnswer.Ok());
        Backend.Open("b", CustomAnswer.Ok());
        Backend.Open("c", CustomAnswer.Ok());
        Sift.Actors.TestKit.ActorTestKit.AwaitCondition(() => Engine.Metrics.LateAnswers == 2, RealTimeLimit, "both late answers dropped");
        var again = await Result(Engine.RunChecksAsync([Check.Custom("pair", "x", "a"), Check.Custom("pair", "y", "b")]));
        Assert.All(again.Checks, c => Assert.Equal(CheckStatus.Answered, c.Status));
    }

    [Fact]
    public async Task An_overloaded_check_makes_tempfail_certain_so_the_pending_ones_are_aborted_at_once()
    {
        var holding = Engine.RunChecksAsync([Check.Custom("single", "first", "hold")]);
        WaitForBatches(1);
        var early = await Result(Engine.RunChecksAsync([Check.Custom("single", "refused", "x"), Gate("pending")]));
        Assert.True(early.EarlyExit);
        Assert.Equal(Verdict.Tempfail, early.Verdict);
        Assert.Equal(CheckStatus.Aborted, early.Results["pending"].Status);
        Assert.Equal("aborted: verdict already certain", early.Results["pending"].Error);
        Assert.True(Backend.Tokens("pending").Single().IsCancellationRequested);
        Backend.Open("hold", CustomAnswer.Ok());
        await Result(holding);
    }

    [Fact]
    public async Task A_check_that_answers_denysoft_ends_the_batch_early_while_others_are_pending()
    {
        var batch = Engine.RunChecksAsync([Gate("greylist"), Gate("slow")]);
        WaitForBatches(1);
        Backend.Open("greylist", CustomAnswer.DenySoft("try later"));
        var result = await Result(batch);
        Assert.True(result.EarlyExit);
        Assert.Equal(Verdict.Tempfail, result.Verdict);
        Assert.Equal(CheckStatus.Answered, result.Results["greylist"].Status);
        Assert.Equal(CheckStatus.Aborted, result.Results["slow"].Status);
        Assert.Equal(["try later"], result.Reasons);
        Assert.True(Backend.Tokens("slow").Single().IsCancellationRequested, "the abandoned check's token is cancelled");
        Assert.Equal(1L, Engine.Metrics.EarlyExits);

        // Its late answer is dropped and counted, not recorded twice.
        Backend.Open("slow", CustomAnswer.Ok());
        Sift.Actors.TestKit.ActorTestKit.AwaitCondition(() => Engine.Metrics.LateAnswers == 1, RealTimeLimit, "the late answer dropped");
    }

    [Fact]
    public async Task An_exception_thrown_synchronously_by_a_custom_check_is_an_error_of_that_check_only()
    {
        var result = await Result(Engine.RunChecksAsync([Check.Custom("sync", "broken", "throw:kaput"), Check.Custom("sync", "fine", "deny:listed")
            .WithWeight(9)]));
        Assert.Equal(CheckStatus.Error, result.Results["broken"].Status);
        Assert.Equal("kaput", result.Results["broken"].Error);
        Assert.Equal(0.0, result.Results["broken"].WeightApplied);
        Assert.Equal(CheckStatus.Answered, result.Results["fine"].Status);
        Assert.Equal(Verdict.Reject, result.Verdict);
    }

    [Fact]
    public async Task The_global_timeout_ends_pending_inline_checks()
    {
        var batch = Engine.RunChecksAsync([Check.Custom("sync", "quick", "ok"), Gate("stuck").WithTimeout(TimeSpan.FromSeconds(60))]);
        WaitForBatches(1);
        Time.Advance(TimeSpan.FromSeconds(9.9));
        AssertPending(batch);
        Time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await Result(batch);
        Assert.True(result.TimedOut);
        Assert.Equal(["stuck"], result.WaitedFor);
        Assert.Equal(CheckStatus.Answered, result.Results["quick"].Status);
        Assert.Equal(CheckStatus.Aborted, result.Results["stuck"].Status);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Results["stuck"].Duration);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Elapsed);
        Assert.True(Backend.Tokens("stuck").Single().IsCancellationRequested);
        Assert.Equal(1L, Engine.Metrics.GlobalTimeouts);
    }

    [Fact]
    public async Task A_pending_inline_check_expires_on_its_adaptive_deadline_counting_the_checks_that_ended_inline()
    {
        // initial 3 s, min 0.5 s, r = 1/2 (the synchronous check ended): deadline = 3 − 2.5·¼ = 2.375 s.
        var batch = Engine.RunChecksAsync(
        [
            Check.Custom("sync", "quick", "ok").WithTimeout(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.5)),
            Gate("slow").WithTimeout(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.5)),
        ]);
        WaitForBatches(1);
        Time.Advance(TimeSpan.FromSeconds(2.37));
        AssertPending(batch);
        Time.Advance(TimeSpan.FromSeconds(0.005));
        var result = await Result(batch);
        Assert.False(result.TimedOut);
        Assert.Equal(CheckStatus.TimedOut, result.Results["slow"].Status);
        Assert.Equal(TimeSpan.FromSeconds(2.375), result.Results["slow"].Duration);
        Assert.Equal(["slow"], result.WaitedFor);
    }

    [Fact]
    public async Task A_check_answering_after_the_hand_over_to_an_aggregator_still_counts()
    {
        var batch = Engine.RunChecksAsync([Gate("a").WithTimeout(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)), Gate("b")]);
        WaitForBatches(1);
        Time.Advance(TimeSpan.FromSeconds(1.5));
        Backend.Open("a", CustomAnswer.Deny("a said no"));
        WaitForAnswers(1);
        Backend.Open("b", CustomAnswer.Ok());
        var result = await Result(batch);
        Assert.Equal(Verdict.Reject, result.Verdict);
        Assert.Equal(TimeSpan.FromSeconds(1.5), result.Results["a"].Duration);
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Answered, c.Status));
    }

    [Fact]
    public async Task A_batch_still_pending_when_the_engine_is_disposed_fails_instead_of_hanging()
    {
        var batch = Engine.RunChecksAsync([Gate("never")]);
        WaitForBatches(1);
        await Engine.DisposeAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Result(batch));
        Assert.Contains("engine stopped", error.Message, StringComparison.Ordinal);
        Assert.True(Backend.Tokens("never").Single().IsCancellationRequested);
    }

    [Fact]
    public async Task An_executor_kind_runs_inline_only_when_it_opts_in_and_never_when_it_merges()
    {
        var calls = new List<int>();
        CheckExecutor executor = (p, ct) =>
        {
            lock (calls)
            {
                calls.Add(Environment.CurrentManagedThreadId);
            }
            return new ValueTask<object?>(true);
        };
        Engine.RegisterKind(new CheckKind("opted", () => executor, FlagInterpretation.Interpret, mergeKey: CheckKind.NeverMerge) { RunInline = true });
        Engine.RegisterKind(new CheckKind("merging", () => executor, FlagInterpretation.Interpret) { RunInline = true });

        var caller = Environment.CurrentManagedThreadId;
        var inline = Engine.RunChecksAsync([Check.Custom("opted", "x", "p")]);
        Assert.True(inline.IsCompletedSuccessfully);
        Assert.Equal([caller], calls);
        Assert.Equal(1L, Engine.Metrics.BatchesAnsweredInline);

        var merged = await Result(Engine.RunChecksAsync([Check.Custom("merging", "y", "p")]));
        Assert.Equal(CheckStatus.Answered, merged.Results["y"].Status);
        Assert.Equal(1L, Engine.Metrics.BatchesAnsweredInline);
    }
}
