using Sift.Actors.Kernel;
using Sift.Actors.Kernel.Routing;
using Sift.Engine.Tests.Infrastructure;
using static Sift.Engine.Tests.Actors.Kernel.TestActors;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class RouterTests : ActorTestBase
{
    public sealed record Whoami;

    public sealed record Keyed(string Key) : IConsistentHashable
    {
        public object ConsistentHashKey => Key;
    }

    public sealed record Work(TaskCompletionSource<string> Io);

    /// <summary>Answers with its own reference; pipes async work with an in-flight lease.</summary>
    private sealed class Routee : ActorBase
    {
        public Routee()
        {
            Receive<Whoami>(_ => Sender.Tell(Self));
            Receive<Keyed>(_ => Sender.Tell(Self));
            Receive<Work>(w => w.Io.Task.PipeTo(Sender, Self, Context.KeepInFlight()));
            Receive<Fail>(f => throw new InvalidOperationException(f.Reason));
        }
    }

    [Fact]
    public void Round_robin_spreads_messages_evenly()
    {
        var probe = CreateTestProbe();
        var pool = Sys.ActorOf(Props.Create(() => new Routee()).WithRouter(new RoundRobinPool(4)), "rr");
        for (var i = 0; i < 40; i++)
        {
            probe.Send(pool, new Whoami());
        }
        var counts = probe.ReceiveN(40).GroupBy(r => r).Select(g => g.Count()).ToList();
        Assert.Equal(4, counts.Count);
        Assert.All(counts, c => Assert.Equal(10, c));
    }

    [Fact]
    public void Consistent_hash_sends_the_same_key_to_the_same_routee()
    {
        var probe = CreateTestProbe();
        var pool = Sys.ActorOf(Props.Create(() => new Routee()).WithRouter(new ConsistentHashPool(5)));
        var owner = new Dictionary<string, object>();
        for (var round = 0; round < 3; round++)
        {
            for (var k = 0; k < 50; k++)
            {
                var key = $"host{k}.example";
                probe.Send(pool, new Keyed(key));
                var routee = probe.ExpectMsg<IActorRef>();
                if (!owner.TryAdd(key, routee))
                {
                    Assert.Same(owner[key], routee);
                }
            }
        }
        Assert.True(owner.Values.Distinct().Count() >= 3, "50 keys should reach most of 5 routees");
    }

    [Fact]
    public void Consistent_hash_without_a_key_drops_to_dead_letters_with_a_warning()
    {
        var pool = Sys.ActorOf(Props.Create(() => new Routee()).WithRouter(new ConsistentHashPool(2)));
        pool.Tell(new Whoami());
        ExpectDeadLetter<Whoami>();
        ExpectLogged(Microsoft.Extensions.Logging.LogLevel.Warning, e => e.EventId.Id == 1011);
    }

    [Fact]
    public void Smallest_mailbox_prefers_the_routee_with_the_least_in_flight()
    {
        var probe = CreateTestProbe();
        var pool = Sys.ActorOf(Props.Create(() => new Routee()).WithRouter(new SmallestMailboxPool(3)));
        var pending = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<string>()).ToArray();

        // Three slow requests occupy one routee each; the next request goes to the first freed one.
        foreach (var io in pending)
        {
            probe.Send(pool, new Work(io));
        }
        AwaitCondition(() => ActorDiagnostics.PoolInFlight(pool).SequenceEqual([1, 1, 1]), what: "one request per routee");
        pending[1].SetResult("done");
        probe.ExpectMsg("done");
        AwaitCondition(() => ActorDiagnostics.PoolInFlight(pool).SequenceEqual([1, 0, 1]), what: "second routee freed");
        probe.Send(pool, new Whoami());
        Assert.Same(ActorDiagnostics.PoolRoutees(pool)[1], probe.ExpectMsg<IActorRef>());
        pending[0].SetResult("a");
        pending[2].SetResult("c");
        probe.ReceiveN(2);
    }

    [Fact]
    public void The_in_flight_bound_covers_piped_io_and_overflow_is_answered_at_once()
    {
        var probe = CreateTestProbe();
        var pool = Sys.ActorOf(Props.Create(() => new Routee()).WithRouter(new RoundRobinPool(2, maxInFlightPerRoutee: 2)));
        var io = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<string>()).ToArray();
        foreach (var work in io)
        {
            probe.Send(pool, new Work(work));
        }
        AwaitCondition(() => ActorDiagnostics.PoolInFlight(pool).Sum() == 4 && ActorDiagnostics.PoolRoutees(pool).All(r => ActorDiagnostics.QueuedMessages(r) == 0),
            what: "four requests handled and waiting on I/O");

        probe.Send(pool, new Work(new TaskCompletionSource<string>()));
        var refused = probe.ExpectMsg<Overloaded>();
        Assert.Equal(OverloadReason.PoolInFlightLimit, refused.Reason);
        Assert.Equal(2, refused.Limit);
        Assert.Same(pool, refused.Recipient);
        ExpectDeadLetter<Work>();

        io[0].SetResult("first");
        probe.ExpectMsg("first");
        AwaitCondition(() => ActorDiagnostics.PoolInFlight(pool).Sum() == 3, what: "lease released when the I/O completed");
        probe.Send(pool, new Whoami());
        probe.ExpectMsg<IActorRef>();
        foreach (var rest in io.Skip(1))
        {
            rest.SetResult("x");
        }
        probe.ReceiveN(3);
        AwaitCondition(() => ActorDiagnostics.PoolInFlight(pool).Sum() == 0, what: "all released");
    }

    [Fact]
    public void Routees_are_supervised_by_the_pool_and_restarted_in_place()
    {
        var probe = CreateTestProbe();
        var pool = Sys.ActorOf(Props.Create(() => new Routee()).WithRouter(new RoundRobinPool(1)));
        var routee = ActorDiagnostics.PoolRoutees(pool)[0];
        probe.Send(pool, new Fail("routee broke"));
        probe.Send(pool, new Whoami());
        Assert.Same(routee, probe.ExpectMsg<IActorRef>());
        ExpectErrorLogged("routee broke");
        AwaitCondition(() => ActorDiagnostics.PoolInFlight(pool).Sum() == 0, what: "the failed message released its slot");
    }

    [Fact]
    public void A_pool_whose_routees_all_stop_stops_itself()
    {
        var probe = CreateTestProbe();
        var pool = Sys.ActorOf(Props.Create(() => new Routee())
            .WithRouter(new RoundRobinPool(2, supervisorStrategy: SupervisorStrategy.StoppingStrategy)));
        probe.Watch(pool);
        probe.Send(pool, new Fail("one"));
        probe.Send(pool, new Fail("two"));
        probe.ExpectTerminated(pool);
    }

    [Fact]
    public void Broadcast_reaches_every_routee()
    {
        var probe = CreateTestProbe();
        var pool = Sys.ActorOf(Props.Create(() => new Routee()).WithRouter(new RoundRobinPool(3)));
        probe.Send(pool, new Broadcast(new Whoami()));
        var answers = probe.ReceiveN(3).ToHashSet();
        Assert.Equal(ActorDiagnostics.PoolRoutees(pool).ToHashSet<object>(), answers);
    }
}
