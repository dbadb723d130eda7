using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Actors.Kernel.Routing;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Actors.Checks;

public sealed class CheckWorkerTests : ActorTestBase
{
    private static CheckRequest Request(Sift.Actors.TestKit.TestProbe probe, object parameters, CancellationToken token = default) =>
        new("test", parameters, probe.Ref, 7, token);

    [Fact]
    public void A_synchronous_answer_is_replied_at_once()
    {
        var worker = Sys.ActorOf(CheckWorker.Props(() => (p, _) => ValueTask.FromResult<object?>($"answer to {p}")));
        var probe = CreateTestProbe();
        worker.Tell(Request(probe, "q"));
        var reply = probe.ExpectMsg<CheckReply>();
        Assert.True(reply.Succeeded);
        Assert.Equal("answer to q", reply.Answer);
        Assert.Equal(7, reply.Tag);
    }

    [Fact]
    public void An_executor_that_throws_fails_the_check_not_the_actor()
    {
        var calls = 0;
        var worker = Sys.ActorOf(CheckWorker.Props(() => (p, _) =>
        {
            calls++;
            return (string)p == "bad" ? throw new FormatException("bad query") : ValueTask.FromResult<object?>("ok");
        }));
        var probe = CreateTestProbe();
        worker.Tell(Request(probe, "bad"));
        Assert.IsType<FormatException>(probe.ExpectMsg<CheckReply>().Error);
        worker.Tell(Request(probe, "good"));
        Assert.Equal("ok", probe.ExpectMsg<CheckReply>().Answer);
        Assert.Equal(0L, Sys.Metrics.Restarts);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Asynchronous_work_stays_inside_the_pool_s_in_flight_bound_until_it_ends()
    {
        var gate = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pool = Sys.ActorOf(CheckWorker.Props(() => (_, ct) => new ValueTask<object?>(gate.Task.WaitAsync(ct)))
            .WithRouter(new SmallestMailboxPool(1, maxInFlightPerRoutee: 1)));
        var probe = CreateTestProbe();
        pool.Tell(Request(probe, "first"), probe.Ref);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(30));
        pool.Tell(Request(probe, "second"), probe.Ref);
        Assert.IsType<Overloaded>(probe.ExpectMsg<Overloaded>());

        gate.SetResult("done");
        Assert.Equal("done", probe.ExpectMsg<CheckReply>().Answer);
        AwaitCondition(() =>
        {
            pool.Tell(Request(probe, "third"), probe.Ref);
            return probe.FishForMessage<object>(m => m is CheckReply or Overloaded) is CheckReply;
        });
    }

    [Fact]
    public void A_cancelled_request_is_answered_with_a_cancellation_without_running()
    {
        var calls = 0;
        var worker = Sys.ActorOf(CheckWorker.Props(() => (_, _) =>
        {
            calls++;
            return ValueTask.FromResult<object?>("ran");
        }));
        var probe = CreateTestProbe();
        worker.Tell(Request(probe, "q", new CancellationToken(canceled: true)));
        Assert.IsType<OperationCanceledException>(probe.ExpectMsg<CheckReply>().Error);
        Assert.Equal(0, calls);
    }
}
