using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class TimerTests : ActorTestBase
{
    public sealed record StartSingle(string Key, TimeSpan Delay);

    public sealed record StartPeriodic(string Key, TimeSpan Interval);

    public sealed record CancelTimer(string Key);

    public sealed record Tick(string Key);

    private sealed class Timed : ActorBase
    {
        public Timed(IActorRef report)
        {
            Receive<StartSingle>(s => Timers.StartSingleTimer(s.Key, new Tick(s.Key), s.Delay));
            Receive<StartPeriodic>(s => Timers.StartPeriodicTimer(s.Key, new Tick(s.Key), s.Interval));
            Receive<CancelTimer>(c => Timers.Cancel(c.Key));
            Receive<Tick>(t => report.Tell(t));
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private IActorRef Spawn(Sift.Actors.TestKit.TestProbe probe) => Sys.ActorOf(Props.Create(() => new Timed(probe)));

    private static void Sync(Sift.Actors.TestKit.TestProbe probe, IActorRef actor)
    {
        probe.Send(actor, "sync");
        probe.ExpectMsg("sync");
    }

    [Fact]
    public void A_single_timer_fires_once_when_virtual_time_passes_its_delay()
    {
        var probe = CreateTestProbe();
        var actor = Spawn(probe);
        actor.Tell(new StartSingle("t", TimeSpan.FromSeconds(10)));
        Sync(probe, actor);
        Time.Advance(TimeSpan.FromSeconds(9));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        Time.Advance(TimeSpan.FromSeconds(1));
        probe.ExpectMsg(new Tick("t"));
        Time.Advance(TimeSpan.FromSeconds(60));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_interval_crossed()
    {
        var probe = CreateTestProbe();
        var actor = Spawn(probe);
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)));
        Sync(probe, actor);
        Time.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, probe.ReceiveN(3).Count);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public void A_cancelled_or_replaced_timer_never_delivers()
    {
        var probe = CreateTestProbe();
        var actor = Spawn(probe);
        actor.Tell(new StartSingle("a", TimeSpan.FromSeconds(1)));
        actor.Tell(new CancelTimer("a"));
        actor.Tell(new StartSingle("b", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("b", TimeSpan.FromSeconds(5)));
        Sync(probe, actor);
        Time.Advance(TimeSpan.FromSeconds(2));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        Time.Advance(TimeSpan.FromSeconds(3));
        probe.ExpectMsg(new Tick("b"));
    }

    [Fact]
    public void Timers_die_with_their_actor()
    {
        var probe = CreateTestProbe();
        var actor = Spawn(probe);
        actor.Tell(new StartPeriodic("p", TimeSpan.FromSeconds(1)));
        Sync(probe, actor);
        probe.Watch(actor);
        Sys.Stop(actor);
        probe.ExpectTerminated(actor);
        Assert.Equal(0, Time.TimerCount);
    }

    [Fact]
    public void The_system_scheduler_tells_after_the_delay()
    {
        var probe = CreateTestProbe();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(30), probe, "later");
        Time.Advance(TimeSpan.FromSeconds(29));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        Time.Advance(TimeSpan.FromSeconds(1));
        probe.ExpectMsg("later");
        Assert.Equal(0, Time.TimerCount);
    }
}
