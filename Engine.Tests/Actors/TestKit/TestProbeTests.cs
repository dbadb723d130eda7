using Sift.Actors.Kernel;
using Sift.Actors.TestKit;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Actors.TestKit;

public sealed class TestProbeTests : ActorTestBase
{
    [Fact]
    public void ExpectMsg_fails_with_a_clear_message_on_the_wrong_type_and_on_timeout()
    {
        var probe = CreateTestProbe("p");
        probe.Tell(42);
        var wrong = Assert.Throws<TestKitAssertionException>(() => probe.ExpectMsg<string>());
        Assert.Contains("Int32", wrong.Message, StringComparison.Ordinal);
        var timeout = Assert.Throws<TestKitAssertionException>(() => probe.ExpectMsg<string>(timeout: TimeSpan.FromMilliseconds(10)));
        Assert.Contains("timeout", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        var probe = CreateTestProbe();
        probe.Tell("unexpected");
        Assert.Throws<TestKitAssertionException>(() => probe.ExpectNoMsg(TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void FishForMessage_skips_until_the_match_and_ReceiveN_takes_the_rest()
    {
        var probe = CreateTestProbe();
        foreach (var m in new object[] { 1, "skip", 2, "target", 3, 4 })
        {
            probe.Tell(m);
        }
        Assert.Equal("target", probe.FishForMessage<string>(s => s == "target"));
        Assert.Equal([3, 4], probe.ReceiveN(2).Cast<int>());
    }

    [Fact]
    public void Within_fails_a_block_that_takes_longer_than_allowed()
    {
        var probe = CreateTestProbe();
        Assert.Throws<TestKitAssertionException>(() =>
            probe.Within(TimeSpan.FromMilliseconds(20), () => probe.ExpectNoMsg(TimeSpan.FromMilliseconds(60))));
        probe.Tell("quick");
        probe.Within(TimeSpan.FromSeconds(3), () => probe.ExpectMsg("quick"));
    }

    [Fact]
    public void Reply_answers_the_last_sender()
    {
        var asker = CreateTestProbe("asker");
        var answerer = CreateTestProbe("answerer");
        asker.Send(answerer, "question");
        answerer.ExpectMsg("question");
        Assert.Same(asker, answerer.LastSender);
        answerer.Reply("answer");
        asker.ExpectMsg("answer");
        Assert.Same(answerer, asker.LastSender);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var client = CreateTestProbe("client");
        var target = CreateTestProbe("target");
        var relay = Sys.ActorOf(Props.Create(() => new Relay(target)));
        client.Send(relay, "hi");
        target.ExpectMsg("hi");
        Assert.Same(client, target.LastSender);
    }

    [Fact]
    public void An_actor_cannot_be_constructed_outside_ActorOf_nor_register_handlers_after_construction()
    {
        Assert.Throws<InvalidOperationException>(() => new Relay(CreateTestProbe()));
        var probe = CreateTestProbe();
        var late = Sys.ActorOf(Props.Create(() => new LateRegistration()));
        probe.Watch(late);
        late.Tell("register");
        ExpectErrorLogged("Receive handlers are registered");
    }

    private sealed class Relay : ActorBase
    {
        public Relay(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    private sealed class LateRegistration : ActorBase
    {
        public LateRegistration() => Receive<string>(_ => Receive<int>(_ => { }));
    }
}
