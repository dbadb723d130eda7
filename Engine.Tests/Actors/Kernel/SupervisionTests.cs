using Microsoft.Extensions.Logging;
using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Sift.Engine.Tests.Actors.Kernel.TestActors;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class SupervisionTests(ITestOutputHelper output) : ActorTestBase(output)
{
    private IActorRef SpawnUnder(SupervisorStrategy strategy, Props child, string? name = null)
    {
        var probe = CreateTestProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        probe.Send(supervisor, new Spawn(name, child));
        return probe.ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Resume_keeps_the_actor_instance_and_its_state()
    {
        var probe = CreateTestProbe();
        var worker = SpawnUnder(new OneForOneStrategy(_ => Directive.Resume), Props.Create(() => new Worker()));
        probe.Send(worker, "a");
        probe.ExpectMsg("a");
        probe.Send(worker, new Fail("boom"));
        probe.Send(worker, new GetState());
        Assert.Equal(1, probe.ExpectMsg<int>());
        ExpectLogged(LogLevel.Warning, e => e.Message.Contains("resumed", StringComparison.Ordinal));
    }

    [Fact]
    public void Restart_replaces_the_instance_runs_the_hooks_in_order_and_keeps_the_mailbox()
    {
        var hooks = CreateTestProbe();
        var probe = CreateTestProbe();
        var gate = new ManualResetEventSlim();
        var worker = SpawnUnder(SupervisorStrategy.Default, Props.Create(() => new Worker(hooks)));
        hooks.ExpectMsg<Hook>(h => h.Name == "PreStart");
        probe.Send(worker, "before");
        probe.ExpectMsg("before");

        // Queue messages behind a blocked handler and a failure: they must survive the restart.
        probe.Send(worker, new Block(gate));
        probe.Send(worker, new Fail("boom"));
        for (var i = 0; i < 5; i++)
        {
            probe.Send(worker, i);
        }
        gate.Set();

        hooks.ExpectMsg<Hook>(h => h.Name == "PreRestart");
        hooks.ExpectMsg<Hook>(h => h.Name == "PostStop");
        hooks.ExpectMsg<Hook>(h => h.Name == "PostRestart");
        hooks.ExpectMsg<Hook>(h => h.Name == "PreStart");
        for (var i = 0; i < 5; i++)
        {
            probe.ExpectMsg(i);
        }
        probe.Send(worker, new GetState());
        Assert.Equal(5, probe.ExpectMsg<int>());
        ExpectErrorLogged("boom");
        Assert.Equal(1, Sys.Metrics.Restarts);
    }

    [Fact]
    public void Stop_directive_stops_the_child_and_its_watchers_learn_it()
    {
        var probe = CreateTestProbe();
        var worker = SpawnUnder(new OneForOneStrategy(_ => Directive.Stop), Props.Create(() => new Worker()));
        probe.Watch(worker);
        probe.Send(worker, new Fail("fatal"));
        probe.ExpectTerminated(worker);
        probe.Send(worker, "late");
        ExpectDeadLetter<string>(s => s == "late");
        ExpectErrorLogged("fatal");
    }

    [Fact]
    public void Escalate_fails_the_supervisor_which_its_own_parent_restarts()
    {
        var hooks = CreateTestProbe();
        var probe = CreateTestProbe();
        var middle = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Escalate))), "middle");
        probe.Send(middle, new Spawn("leaf", Props.Create(() => new Worker(hooks))));
        var leaf = probe.ExpectMsg<IActorRef>();
        hooks.ExpectMsg<Hook>(h => h.Name == "PreStart");
        probe.Watch(leaf);

        probe.Send(leaf, new Fail("escalated"));

        // The guardian restarts "middle", whose default PreRestart stops the leaf.
        hooks.ExpectMsg<Hook>(h => h.Name == "PostStop");
        probe.ExpectTerminated(leaf);
        AwaitCondition(() => Sys.Metrics.Restarts == 1, what: "middle restarted");
        probe.Send(middle, new Spawn("leaf", Props.Create(() => new Worker())));
        Assert.Equal("leaf", probe.ExpectMsg<IActorRef>().Path.Split('/')[^1]);
    }

    [Fact]
    public async Task A_failure_escalated_past_the_guardian_is_logged_as_critical_and_terminates_the_system()
    {
        var probe = CreateTestProbe();
        var top = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Escalate))), "top");
        var escalatingSystem = ActorSystem.Create("escalating", new ActorSystemOptions
        {
            TimeProvider = Time,
            LoggerFactory = LoggerFactory,
            GuardianSupervisorStrategy = new OneForOneStrategy(_ => Directive.Escalate),
        });
        try
        {
            var escalating = escalatingSystem.ActorOf(Props.Create(() => new Worker()), "doomed");
            escalating.Tell(new Fail("unrecoverable"));
            await escalatingSystem.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(5));
            ExpectLogged(LogLevel.Critical, e => e.EventId.Id == 1006 && e.Exception?.Message == "unrecoverable");
        }
        finally
        {
            await escalatingSystem.TerminateAsync(TimeSpan.FromSeconds(5));
        }
        probe.Send(top, new Spawn("still-alive", Props.Create(() => new Worker())));
        probe.ExpectMsg<IActorRef>();
    }

    [Fact]
    public void AllForOne_restart_restarts_every_sibling()
    {
        var hooksA = CreateTestProbe();
        var hooksB = CreateTestProbe();
        var probe = CreateTestProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new AllForOneStrategy(_ => Directive.Restart))));
        probe.Send(supervisor, new Spawn("a", Props.Create(() => new Worker(hooksA))));
        var a = probe.ExpectMsg<IActorRef>();
        probe.Send(supervisor, new Spawn("b", Props.Create(() => new Worker(hooksB))));
        probe.ExpectMsg<IActorRef>();
        hooksA.ExpectMsg<Hook>(h => h.Name == "PreStart");
        hooksB.ExpectMsg<Hook>(h => h.Name == "PreStart");

        probe.Send(a, new Fail("one"));

        hooksB.FishForMessage<Hook>(h => h.Name == "PostRestart");
        hooksA.FishForMessage<Hook>(h => h.Name == "PostRestart");
    }

    [Fact]
    public void AllForOne_stop_stops_every_sibling()
    {
        var probe = CreateTestProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(new AllForOneStrategy(_ => Directive.Stop))));
        probe.Send(supervisor, new Spawn("a", Props.Create(() => new Worker())));
        var a = probe.ExpectMsg<IActorRef>();
        probe.Send(supervisor, new Spawn("b", Props.Create(() => new Worker())));
        var b = probe.ExpectMsg<IActorRef>();
        probe.Watch(a);
        probe.Watch(b);

        probe.Send(b, new Fail("one"));

        var dead = probe.ReceiveN(2).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Equal([a, b], dead);
    }

    [Fact]
    public void Restarts_beyond_the_limit_within_the_window_stop_the_child()
    {
        var probe = CreateTestProbe();
        var strategy = new OneForOneStrategy(_ => Directive.Restart, maxNrOfRetries: 2, withinTimeRange: TimeSpan.FromMinutes(1));
        var worker = SpawnUnder(strategy, Props.Create(() => new Worker()));
        probe.Watch(worker);
        for (var i = 0; i < 2; i++)
        {
            probe.Send(worker, new Fail($"f{i}"));
            probe.Send(worker, "alive");
            probe.ExpectMsg("alive");
        }
        probe.Send(worker, new Fail("third"));
        probe.ExpectTerminated(worker);
        ExpectLogged(LogLevel.Error, e => e.EventId.Id == 1003);
    }

    [Fact]
    public void The_restart_window_resets_when_virtual_time_passes_it()
    {
        var probe = CreateTestProbe();
        var strategy = new OneForOneStrategy(_ => Directive.Restart, maxNrOfRetries: 1, withinTimeRange: TimeSpan.FromSeconds(10));
        var worker = SpawnUnder(strategy, Props.Create(() => new Worker()));
        probe.Watch(worker);
        for (var i = 0; i < 3; i++)
        {
            probe.Send(worker, new Fail($"f{i}"));
            probe.Send(worker, "alive");
            probe.ExpectMsg("alive");
            Time.Advance(TimeSpan.FromSeconds(11));
        }
        probe.Send(worker, new Fail("again"));
        probe.Send(worker, new Fail("too soon"));
        probe.ExpectTerminated(worker);
    }

    [Fact]
    public void A_constructor_failure_stops_the_actor_by_default_and_is_logged()
    {
        var probe = CreateTestProbe();
        var broken = Sys.ActorOf(Props.Create<ActorBase>(() => throw new InvalidOperationException("no config")));
        probe.Watch(broken);
        probe.ExpectTerminated(broken);
        var entry = ExpectLogged(LogLevel.Error, e => e.Exception is ActorInitializationException);
        Assert.Contains("no config", entry.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kill_fails_the_actor_and_the_default_strategy_stops_it()
    {
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        probe.Watch(worker);
        worker.Tell(Kill.Instance);
        probe.ExpectTerminated(worker);
        ExpectLogged(LogLevel.Error, e => e.Exception is ActorKilledException);
    }
}
