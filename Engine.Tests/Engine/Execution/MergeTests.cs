using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Execution;

public sealed class MergeTests : EngineTestBase
{
    [Fact]
    public async Task Identical_lookups_in_one_batch_are_sent_once_and_both_checks_get_the_answer()
    {
        var batch = Engine.RunChecksAsync([Flag("zen-1", "1.2.0.192.zen"), Flag("zen-2", "1.2.0.192.zen"), Flag("other")]);
        WaitForBatches(1);
        Backend.Open("1.2.0.192.zen", true);
        Backend.Open("other", false);
        var result = await Result(batch);
        Assert.Equal(1, Backend.Calls("1.2.0.192.zen"));
        Assert.True(result.Results["zen-1"].Merged);
        Assert.True(result.Results["zen-2"].Merged);
        Assert.False(result.Results["other"].Merged);
        Assert.Equal(2.0, result.Score);
        Assert.Equal(1L, Engine.Metrics.ChecksMerged);
    }

    [Fact]
    public async Task Identical_lookups_across_batches_in_flight_are_sent_once()
    {
        var first = Engine.RunChecksAsync([Flag("a", "shared")]);
        WaitForBatches(1);
        var second = Engine.RunChecksAsync([Flag("b", "shared")]);
        WaitForBatches(2);
        Backend.Open("shared", true);
        var (one, two) = (await Result(first), await Result(second));
        Assert.Equal(1, Backend.Calls("shared"));
        Assert.Equal(CheckStatus.Answered, one.Results["a"].Status);
        Assert.Equal(CheckStatus.Answered, two.Results["b"].Status);
        Assert.True(two.Results["b"].Merged);
    }

    [Fact]
    public async Task A_lookup_that_ended_is_not_reused_by_a_later_batch()
    {
        Backend.Open("done", false);
        await Result(Engine.RunChecksAsync([Flag("a", "done")]));
        await Result(Engine.RunChecksAsync([Flag("b", "done")]));
        Assert.Equal(2, Backend.Calls("done"));
    }

    [Fact]
    public async Task A_shared_lookup_is_cancelled_only_when_its_last_waiter_leaves()
    {
        using var cancelFirst = new CancellationTokenSource();
        var first = Engine.RunChecksAsync([Flag("a", "shared")], cancelFirst.Token);
        WaitForBatches(1);
        var second = Engine.RunChecksAsync([Flag("b", "shared").WithTimeout(TimeSpan.FromSeconds(3))]);
        WaitForBatches(2);
        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Result(first));
        var token = Backend.Tokens("shared").Single();
        Assert.False(token.IsCancellationRequested, "the second batch still waits for the lookup");

        Time.Advance(TimeSpan.FromSeconds(3));
        var result = await Result(second);
        Assert.Equal(CheckStatus.TimedOut, result.Results["b"].Status);
        Assert.True(token.IsCancellationRequested, "nobody waits any more");
    }

    [Fact]
    public async Task Custom_checks_are_never_merged()
    {
        var batch = Engine.RunChecksAsync([Gate("x", "same"), Gate("y", "same")]);
        WaitForBatches(1);
        Backend.Open("same", global::Sift.Engine.Checks.CustomAnswer.Ok());
        await Result(batch);
        Assert.Equal(2, Backend.Calls("same"));
    }
}
