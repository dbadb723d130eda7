using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class EventStreamTests : ActorTestBase
{
    public abstract record Alarm;

    public sealed record Fire(string Where) : Alarm;

    public sealed record Flood(string Where) : Alarm;

    private sealed class Listener : ActorBase
    {
        public Listener(IActorRef report)
        {
            Context.System.EventStream.Subscribe<Fire>(Self);
            Receive<Fire>(f => report.Tell(f));
            Receive<string>(s => Sender.Tell(s));
        }
    }

    [Fact]
    public void Subscribers_get_events_of_their_type_and_its_subtypes_only()
    {
        var all = CreateTestProbe();
        var floods = CreateTestProbe();
        Sys.EventStream.Subscribe<Alarm>(all);
        Sys.EventStream.Subscribe<Flood>(floods);
        Sys.EventStream.Publish(new Fire("kitchen"));
        Sys.EventStream.Publish(new Flood("cellar"));
        Sys.EventStream.Publish("not an alarm");
        Assert.Equal(new Fire("kitchen"), all.ExpectMsg<Fire>());
        Assert.Equal(new Flood("cellar"), all.ExpectMsg<Flood>());
        Assert.Equal(new Flood("cellar"), floods.ExpectMsg<Flood>());
        all.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        Sys.EventStream.Unsubscribe<Alarm>(all);
        Sys.EventStream.Publish(new Fire("attic"));
        all.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public void A_stopped_actor_is_unsubscribed_and_causes_no_dead_letters()
    {
        var report = CreateTestProbe();
        var listener = Sys.ActorOf(Props.Create(() => new Listener(report)));
        report.Send(listener, "ready?");
        report.ExpectMsg("ready?");
        Sys.EventStream.Publish(new Fire("hall"));
        report.ExpectMsg(new Fire("hall"));
        report.Watch(listener);
        Sys.Stop(listener);
        report.ExpectTerminated(listener);
        var before = Sys.Metrics.DeadLetters;
        Sys.EventStream.Publish(new Fire("roof"));
        Assert.Equal(before, Sys.Metrics.DeadLetters);
    }
}
