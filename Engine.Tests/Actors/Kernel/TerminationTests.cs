using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;
using static Sift.Engine.Tests.Actors.Kernel.TestActors;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class TerminationTests : ActorTestBase
{
    private sealed class Counter : ActorBase
    {
        private readonly IActorRef _hooks;

        public Counter(StrongBox<int> processed, IActorRef hooks)
        {
            _hooks = hooks;
            ReceiveAny(_ => Interlocked.Increment(ref processed.Value));
        }

        protected override void PostStop() => _hooks.Tell(new Hook("PostStop", Self));
    }

    public sealed class StrongBox<T>
    {
        public T Value = default!;
    }

    [Fact]
    public async Task Terminate_with_messages_in_flight_stops_every_actor_and_accounts_for_every_message()
    {
        var hooks = CreateTestProbe();
        var processed = new StrongBox<int>();
        var parents = Enumerable.Range(0, 4)
            .Select(i => Sys.ActorOf(Props.Create(() => new Counter(processed, hooks)), $"p{i}"))
            .ToList();
        const int perActor = 20_000;
        foreach (var actor in parents)
        {
            for (var i = 0; i < perActor; i++)
            {
                actor.Tell(i, ActorRefs.NoSender);
            }
        }

        Assert.True(await Sys.TerminateAsync(TimeSpan.FromSeconds(30)));

        Assert.True(Sys.WhenTerminated.IsCompleted);
        var stopped = hooks.ReceiveN(4).Cast<Hook>().Select(h => h.Actor).ToHashSet();
        Assert.Equal(parents.ToHashSet(), stopped);
        Assert.Equal(4 * perActor, processed.Value + Sys.Metrics.DeadLetters);
        Assert.Throws<InvalidOperationException>(() => Sys.ActorOf(Props.Create(() => new Worker())));
    }

    [Fact]
    public async Task Children_stop_before_their_parent()
    {
        var hooks = CreateTestProbe();
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new Worker(hooks)), "parent");
        hooks.ExpectMsg<Hook>(h => h.Name == "PreStart");
        probe.Send(parent, new Spawn("child", Props.Create(() => new Worker(hooks))));
        var child = probe.ExpectMsg<IActorRef>();
        hooks.ExpectMsg<Hook>(h => h.Name == "PreStart");

        Assert.True(await Sys.TerminateAsync(TimeSpan.FromSeconds(10)));

        Assert.Same(child, hooks.ExpectMsg<Hook>(h => h.Name == "PostStop").Actor);
        Assert.Same(parent, hooks.ExpectMsg<Hook>(h => h.Name == "PostStop").Actor);
    }

    [Fact]
    public async Task Terminate_returns_false_and_logs_when_an_actor_outlives_the_timeout_on_virtual_time()
    {
        var probe = CreateTestProbe();
        var gate = new ManualResetEventSlim();
        var stuck = Sys.ActorOf(Props.Create(() => new Worker()));
        probe.Send(stuck, new Block(gate));
        AwaitCondition(() => ActorDiagnostics.QueuedMessages(stuck) == 0, what: "the worker is blocked");

        var terminating = Sys.TerminateAsync(TimeSpan.FromSeconds(10));
        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(await terminating);
        ExpectLogged(Microsoft.Extensions.Logging.LogLevel.Error, e => e.EventId.Id == 1010);
        gate.Set();
        await Sys.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_queued_before_it()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        probe.Watch(worker);
        probe.Send(worker, 1);
        probe.Send(worker, PoisonPill.Instance);
        probe.Send(worker, 2);
        probe.ExpectMsg(1);
        probe.ExpectTerminated(worker);
        ExpectDeadLetter<int>(i => i == 2);
    }

    [Fact]
    public void A_child_name_is_reusable_only_after_the_child_terminated()
    {
        var probe = CreateTestProbe();
        var first = Sys.ActorOf(Props.Create(() => new Worker()), "unique");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Worker()), "unique"));
        probe.Watch(first);
        Sys.Stop(first);
        probe.ExpectTerminated(first);
        AwaitCondition(() =>
        {
            try
            {
                Sys.ActorOf(Props.Create(() => new Worker()), "unique");
                return true;
            }
            catch (InvalidActorNameException)
            {
                return false;
            }
        }, what: "name freed");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Worker()), "$bad"));
    }
}
