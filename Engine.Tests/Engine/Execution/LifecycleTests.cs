using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Execution;

public sealed class LifecycleTests : EngineTestBase
{
    [Fact]
    public async Task Every_aggregator_stops_after_answering()
    {
        // Count stops, not live actors: the pools' routees may still be finishing PreStart
        // (counted as started) while this test runs; only the 100 aggregators stop here.
        var stoppedBefore = Engine.System.Metrics.ActorsStopped;
        Backend.Open("clean", false);
        Backend.Open("ok", CustomAnswer.Ok());
        var batches = Enumerable.Range(0, 100).Select(i => Engine.RunChecksAsync([Flag("dnsbl", "clean"), Gate("policy", "ok")])).ToArray();
        var results = await Task.WhenAll(batches).WaitAsync(RealTimeLimit);
        Assert.All(results, r => Assert.Equal(Verdict.Pass, r.Verdict));
        Sift.Actors.TestKit.ActorTestKit.AwaitCondition(
            () => Engine.System.Metrics.ActorsStopped - stoppedBefore >= 100,
            RealTimeLimit,
            "every aggregator stopped");
        Assert.Equal(100L, Engine.Metrics.BatchesAnswered);
        Assert.Equal(0L, Engine.Metrics.LateAnswers);
    }

    [Fact]
    public async Task A_result_carries_timings_errors_headers_and_the_configured_action()
    {
        await using var engine = new FilterEngine(new FilterEngineOptions { TimeProvider = Time, RejectAction = FilterAction.Quarantine, EarlyExit = false });
        engine.RegisterKind(new CheckKind("flag", () => (p, ct) => Backend.AnswerBoxedAsync((string)p, ct), FlagInterpretation.Interpret));
        Backend.Open("zen", true);
        Backend.Fail("broken", new TimeoutException("no route"));
        var result = await Result(engine.RunChecksAsync([Flag("zen").WithWeight(8.5), Flag("broken")]));
        Assert.Equal(Verdict.Reject, result.Verdict);
        Assert.Equal(FilterAction.Quarantine, result.Action);
        Assert.Equal("no route", result.Errors["broken"]);
        Assert.False(result.Errors.ContainsKey("zen"));
        Assert.Equal(2, result.Timings.Count);
        Assert.Equal(8.5, result.Results["zen"].WeightApplied);
        Assert.Equal("Yes, score=8.5 required=8.0 tests=zen", result.Headers.Single(h => h.Key == "X-Spam-Status").Value);
    }
}
