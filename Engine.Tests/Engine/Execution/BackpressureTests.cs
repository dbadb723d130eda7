using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Execution;

public sealed class BackpressureTests : EngineTestBase
{
    public BackpressureTests()
        : base(new FilterEngineOptions { MaxConcurrency = 2 })
    {
        Engine.RegisterCustom("narrow", (p, ct) => Backend.AnswerAsync<CustomAnswer>((string)p, ct), poolSize: 1, maxInFlightPerWorker: 1);
        Engine.RegisterKind(new CheckKind("narrow-dns", () => (p, ct) => Backend.AnswerBoxedAsync((string)p, ct), FlagInterpretation.Interpret,
            TimeoutClass.Dns, poolSize: 1, maxInFlightPerWorker: 1));
    }

    [Fact]
    public async Task A_refused_shared_lookup_is_forgotten_so_the_next_identical_check_asks_again()
    {
        var busy = Engine.RunChecksAsync([Check.Custom("narrow-dns", "zen", "busy")]);
        WaitForBatches(1);
        var refused = await Result(Engine.RunChecksAsync([Check.Custom("narrow-dns", "a", "same")]));
        Assert.Equal(CheckStatus.Overloaded, refused.Results["a"].Status);
        Assert.Equal(Verdict.Tempfail, refused.Verdict);

        Backend.Open("busy", false);
        Assert.Equal(Verdict.Pass, (await Result(busy)).Verdict);
        Backend.Open("same", true);

        // The busy check's worker frees its place just after its reply: retry until the pool takes the check.
        Sift.Actors.TestKit.ActorTestKit.AwaitCondition(
            () => Result(Engine.RunChecksAsync([Check.Custom("narrow-dns", "a", "same")])).GetAwaiter().GetResult().Results["a"].Status == CheckStatus.Answered,
            RealTimeLimit,
            "the identical check answered");
        Assert.Equal(1, Backend.Calls("same"));
    }

    [Fact]
    public async Task A_full_pool_fails_the_check_at_once_as_overloaded_and_the_verdict_is_tempfail()
    {
        var busy = Engine.RunChecksAsync([Check.Custom("narrow", "scan", "busy")]);
        WaitForBatches(1);
        var refused = Engine.RunChecksAsync([Check.Custom("narrow", "scan", "next"), Flag("dnsbl", "clean")]);

        // No virtual time passes: the refusal is immediate, and the verdict needs nothing else.
        var result = await Result(refused);
        Assert.Equal(CheckStatus.Overloaded, result.Results["scan"].Status);
        Assert.Contains("PoolInFlightLimit", result.Results["scan"].Error, StringComparison.Ordinal);
        Assert.Equal(Verdict.Tempfail, result.Verdict);
        Assert.Equal(FilterAction.Tempfail, result.Action);
        Assert.True(result.EarlyExit);
        Assert.Equal(0, Backend.Calls("next"));

        Backend.Open("busy", CustomAnswer.Ok());
        var first = await Result(busy);
        Assert.Equal(CheckStatus.Answered, first.Results["scan"].Status);
        Assert.Equal(Verdict.Pass, first.Verdict);
    }

    [Fact]
    public async Task At_most_max_concurrency_checks_of_a_batch_are_in_flight_the_rest_start_as_places_free()
    {
        var batch = Engine.RunChecksAsync([Gate("a"), Gate("b"), Gate("c"), Gate("d")]);
        WaitForBatches(1);
        WaitForCalls(2);
        Assert.Equal(2, Backend.TotalCalls);
        Backend.Open("a", CustomAnswer.Ok());
        WaitForAnswers(1);
        WaitForCalls(3);
        Assert.Equal(3, Backend.TotalCalls);
        Backend.Open("b", CustomAnswer.Ok());
        Backend.Open("c", CustomAnswer.Ok());
        Backend.Open("d", CustomAnswer.Declined());
        var result = await Result(batch);
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Answered, c.Status));
        Assert.Equal(4, Backend.TotalCalls);
    }

    [Fact]
    public async Task Checks_never_started_before_the_global_timeout_are_named_as_waited_for()
    {
        var batch = Engine.RunChecksAsync([Gate("a").WithTimeout(TimeSpan.FromSeconds(60)), Gate("b").WithTimeout(TimeSpan.FromSeconds(60)), Gate("c")]);
        WaitForBatches(1);
        Time.Advance(TimeSpan.FromSeconds(10));
        var result = await Result(batch);
        Assert.Equal(["a", "b", "c"], result.WaitedFor);
        Assert.Equal(CheckStatus.Aborted, result.Results["c"].Status);
        Assert.StartsWith("not started", result.Results["c"].Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, result.Results["c"].Duration);
    }
}
