using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;
using static Sift.Engine.Tests.Actors.Kernel.TestActors;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class MailboxTests : ActorTestBase
{
    [Fact]
    public void A_full_bounded_mailbox_refuses_at_once_tells_the_sender_and_publishes_a_dead_letter()
    {
        var probe = CreateTestProbe();
        var gate = new ManualResetEventSlim();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()).WithMailbox(3));
        probe.Send(worker, new Block(gate));
        AwaitCondition(() => ActorDiagnostics.QueuedMessages(worker) == 0, what: "the worker took the Block message");
        for (var i = 0; i < 3; i++)
        {
            probe.Send(worker, i);
        }

        probe.Send(worker, "overflow");

        var refused = probe.ExpectMsg<Overloaded>();
        Assert.Equal("overflow", refused.Message);
        Assert.Equal(OverloadReason.MailboxFull, refused.Reason);
        Assert.Equal(3, refused.Limit);
        Assert.Same(worker, refused.Recipient);
        ExpectDeadLetter<string>(s => s == "overflow");
        Assert.Equal(1, Sys.Metrics.Overloaded);

        gate.Set();
        for (var i = 0; i < 3; i++)
        {
            probe.ExpectMsg(i);
        }
    }

    [Fact]
    public void Messages_from_one_sender_arrive_in_order_across_many_turns()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        for (var i = 0; i < 1000; i++)
        {
            probe.Send(worker, i);
        }
        var received = probe.ReceiveN(1000);
        Assert.Equal(Enumerable.Range(0, 1000).Cast<object>(), received);
    }

    [Fact]
    public void A_message_to_a_stopped_actor_becomes_a_dead_letter_with_its_sender()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        probe.Watch(worker);
        Sys.Stop(worker);
        probe.ExpectTerminated(worker);
        probe.Send(worker, "hello");
        var letter = ExpectDeadLetter<string>();
        Assert.Same(probe, letter.Sender);
        Assert.Same(worker, letter.Recipient);
    }

    [Fact]
    public void An_unhandled_message_is_published_and_counted()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(probe);
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        silent.Tell(42);
        Assert.Equal(42, probe.ExpectMsg<UnhandledMessage>().Message);
        Assert.Equal(1, Sys.Metrics.Unhandled);
    }

    [Fact]
    public void Become_and_unbecome_switch_the_handlers()
    {
        var probe = CreateTestProbe();
        var toggler = Sys.ActorOf(Props.Create(() => new Toggler()));
        probe.Send(toggler, "who");
        probe.ExpectMsg("first");
        probe.Send(toggler, "switch");
        probe.Send(toggler, "who");
        probe.ExpectMsg("second");
        probe.Send(toggler, "back");
        probe.Send(toggler, "who");
        probe.ExpectMsg("first");
    }

    private sealed class Silent : ActorBase;

    private sealed class Toggler : ActorBase
    {
        public Toggler()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("first"));
            Receive<string>(s => s == "switch", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "who", _ => Sender.Tell("second"));
                Receive<string>(s => s == "back", _ => UnbecomeStacked());
            }));
        }
    }
}
