using Sift.Actors.Checks;
using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Execution;

public sealed class SupervisionTests : EngineTestBase
{
    private static int s_instances;

    /// <summary>Answers "boom" by throwing, "wait:GATE" when the gate opens, anything else OK at once.</summary>
    private sealed class Fragile : CheckActorBase
    {
        public Fragile(GatedBackend backend)
        {
            Interlocked.Increment(ref s_instances);
            Receive<CheckRequest>(request =>
            {
                var text = (string)request.Parameters;
                if (text == "boom")
                {
                    throw new InvalidOperationException("fragile actor broke");
                }
                if (text.StartsWith("wait:", StringComparison.Ordinal))
                {
                    Complete(request, backend.AnswerBoxedAsync(text[5..], request.Cancellation));
                    return;
                }
                Reply(request, CustomAnswer.Ok());
            });
        }
    }

    public SupervisionTests()
    {
        Engine.RegisterCustomActor("fragile", () => new Fragile(Backend), poolSize: 1);
    }

    [Fact]
    public async Task A_crashing_check_actor_is_restarted_its_batch_gets_an_error_and_other_batches_are_untouched()
    {
        var other = Engine.RunChecksAsync([Check.Custom("fragile", "slow", "wait:slow")]);
        WaitForBatches(1);
        var before = Volatile.Read(ref s_instances);

        var crashing = await Result(Engine.RunChecksAsync([Check.Custom("fragile", "bad", "boom"), Check.Custom("fragile", "good", "fine")]));
        Assert.Equal(CheckStatus.Error, crashing.Results["bad"].Status);
        Assert.Contains("fragile actor broke", crashing.Results["bad"].Error, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Answered, crashing.Results["good"].Status);
        Assert.Equal(Verdict.Pass, crashing.Verdict);
        Assert.True(Volatile.Read(ref s_instances) > before, "the actor was restarted");

        Assert.False(other.IsCompleted);
        Backend.Open("slow", CustomAnswer.Deny("slow said no"));
        var untouched = await Result(other);
        Assert.Equal(CheckStatus.Answered, untouched.Results["slow"].Status);
        Assert.Equal(Verdict.Reject, untouched.Verdict);
        Assert.Equal(["slow said no"], untouched.Reasons);
    }

    [Fact]
    public async Task A_crash_of_a_fail_closed_check_makes_the_verdict_tempfail()
    {
        var result = await Result(Engine.RunChecksAsync([Check.Custom("fragile", "bad", "boom").FailClosed()]));
        Assert.Equal(Verdict.Tempfail, result.Verdict);
        Assert.StartsWith("bad: ", result.Reasons[0], StringComparison.Ordinal);
        Assert.EndsWith("(fail-closed)", result.Reasons[0], StringComparison.Ordinal);
    }
}
