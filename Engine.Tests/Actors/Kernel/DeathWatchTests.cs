using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;
using static Sift.Engine.Tests.Actors.Kernel.TestActors;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class DeathWatchTests : ActorTestBase
{
    private sealed class Watcher : ActorBase
    {
        public Watcher(IActorRef target, IActorRef report)
        {
            Receive<string>(s => s == "watch", _ => Context.Watch(target));
            Receive<string>(s => s == "unwatch", _ => Context.Unwatch(target));
            Receive<Terminated>(t => report.Tell(t));
            Receive<string>(s => Sender.Tell(s));
        }
    }

    [Fact]
    public void A_watcher_is_told_when_the_watched_actor_stops()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(worker, probe)));
        watcher.Tell("watch");
        probe.Send(watcher, "sync");
        probe.ExpectMsg("sync");
        Sys.Stop(worker);
        var terminated = probe.ExpectMsg<Terminated>();
        Assert.Same(worker, terminated.ActorRef);
        Assert.True(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void Watching_an_actor_that_is_already_dead_gives_Terminated_at_once()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        probe.Watch(worker);
        Sys.Stop(worker);
        probe.ExpectTerminated(worker);

        var late = CreateTestProbe();
        late.Watch(worker);
        var terminated = late.ExpectTerminated(worker);
        Assert.False(terminated.ExistenceConfirmed);

        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(worker, probe)));
        watcher.Tell("watch");
        Assert.False(probe.ExpectMsg<Terminated>().ExistenceConfirmed);
    }

    [Fact]
    public void After_unwatch_no_Terminated_arrives()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(worker, probe)));
        watcher.Tell("watch");
        watcher.Tell("unwatch");
        probe.Send(watcher, "sync");
        probe.ExpectMsg("sync");
        Sys.Stop(worker);
        var sync = CreateTestProbe();
        sync.Watch(worker);
        sync.ExpectTerminated(worker);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Terminated_arrives_after_the_messages_the_dead_actor_sent_before_dying()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        probe.Watch(worker);
        for (var i = 0; i < 100; i++)
        {
            probe.Send(worker, i);
        }
        worker.Tell(PoisonPill.Instance);
        for (var i = 0; i < 100; i++)
        {
            probe.ExpectMsg(i);
        }
        probe.ExpectTerminated(worker);
    }

    [Fact]
    public void An_unhandled_Terminated_stops_the_watcher_with_a_death_pact()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        var pact = Sys.ActorOf(Props.Create(() => new PactActor(worker)));
        probe.Watch(pact);
        probe.Send(pact, "ready?");
        probe.ExpectMsg("ready");
        Sys.Stop(worker);
        probe.ExpectTerminated(pact);
    }

    private sealed class PactActor : ActorBase
    {
        public PactActor(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => Sender.Tell("ready"));
        }
    }
}
