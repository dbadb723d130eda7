using System.Collections.Concurrent;
using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Actors.Kernel;

/// <summary>
/// <see cref="Props.WithCallerTurns"/>: a send from outside every actor to an idle actor runs its turn
/// on the sending thread; a send from inside a turn, or to a busy actor, is queued as before.
/// </summary>
public sealed class CallerTurnsTests : ActorTestBase
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_send_from_outside_any_actor_is_handled_on_the_senders_thread_before_the_send_returns()
    {
        var log = new Recorded();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(log)).WithCallerTurns());

        actor.Tell("one");

        // Nothing to wait for: the turn ran inside Tell.
        Assert.Equal([("one", Environment.CurrentManagedThreadId)], log.Messages);
        Assert.Equal(Environment.CurrentManagedThreadId, log.CreatedOn);
    }

    [Fact]
    public void Without_caller_turns_the_same_send_is_handled_on_a_pool_thread()
    {
        var log = new Recorded();
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(log, probe)));

        actor.Tell("one");

        probe.ExpectMsg("one");
        var (_, thread) = Assert.Single(log.Messages);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public async Task A_send_from_inside_another_actors_turn_is_queued_not_nested()
    {
        var log = new Recorded();
        var target = Sys.ActorOf(Props.Create(() => new Recorder(log)).WithCallerTurns());
        var sentFrom = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = Sys.ActorOf(Props.Create(() => new Relay(target, log, sentFrom)));

        sender.Tell("go");

        var senderThread = await sentFrom.Task.WaitAsync(Bound);
        // The relay blocked its own thread until the target had the message: nested, the target's
        // turn would have run on the relay's thread, inside the relay's Tell.
        var (message, thread) = Assert.Single(log.Messages);
        Assert.Equal("relayed", message);
        Assert.NotEqual(senderThread, thread);
    }

    [Fact]
    public async Task A_busy_actor_queues_the_send_and_the_sender_goes_on()
    {
        var log = new Recorded();
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(log)).WithCallerTurns());
        var first = Task.Factory.StartNew(() => actor.Tell(new TestActors.Block(gate)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        AwaitCondition(() => log.Blocked, what: "the first sender's turn to start");

        actor.Tell("second");

        // The send came back while the actor was still blocked in the first turn.
        Assert.False(first.IsCompleted);
        Assert.Empty(log.Messages);
        gate.Set();
        await first.WaitAsync(Bound);
        AwaitCondition(() => log.Messages.Count == 1, what: "the queued message");
        Assert.Equal("second", log.Messages.Single().Message);
    }

    [Fact]
    public async Task A_caller_turn_handles_at_most_throughput_messages_and_hands_the_rest_to_the_pool()
    {
        var log = new Recorded();
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(log)).WithCallerTurns());
        var callerThread = 0;
        var caller = Task.Factory.StartNew(() =>
        {
            callerThread = Environment.CurrentManagedThreadId;
            actor.Tell(new TestActors.Block(gate));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        AwaitCondition(() => log.Blocked, what: "the caller's turn to start");
        const int Queued = 40;
        for (var i = 0; i < Queued; i++)
        {
            actor.Tell($"m{i}");
        }

        gate.Set();
        await caller.WaitAsync(Bound);
        AwaitCondition(() => log.Messages.Count == Queued, what: "every queued message");

        var messages = log.Messages.ToArray();
        Assert.Equal(Enumerable.Range(0, Queued).Select(i => $"m{i}"), messages.Select(m => m.Message));
        // The throughput is 30 (ActorTestBase): the Block message and the next 29 in the caller's turn.
        Assert.All(messages[..29], m => Assert.Equal(callerThread, m.Thread));
        Assert.All(messages[29..], m => Assert.NotEqual(callerThread, m.Thread));
    }

    [Fact]
    public void A_handler_that_throws_in_a_caller_turn_goes_to_the_supervisor_not_to_the_sender()
    {
        var log = new Recorded();
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(log, probe)).WithCallerTurns());

        actor.Tell(new TestActors.Fail("boom"));
        actor.Tell("after");

        // The send did not throw; the actor waits, suspended, for its supervisor, which restarts it
        // (a second instance), and then handles what was sent meanwhile.
        probe.ExpectMsg("after");
        Assert.Equal(2, log.Instances);
        ExpectErrorLogged("boom");
    }

    [Fact]
    public void Stopping_from_outside_runs_the_stop_on_the_callers_thread()
    {
        var log = new Recorded();
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(log)).WithCallerTurns());
        probe.Watch(actor);

        Sys.Stop(actor);

        Assert.Equal(Environment.CurrentManagedThreadId, log.StoppedOn);
        probe.ExpectTerminated(actor);
        actor.Tell("late");
        ExpectDeadLetter<string>(s => s == "late");
    }

    private sealed class Recorded
    {
        public ConcurrentQueue<(string Message, int Thread)> Messages { get; } = new();

        public volatile bool Blocked;
        public int CreatedOn;
        public int StoppedOn;
        public int Instances;
    }

    private sealed class Recorder : ActorBase
    {
        private readonly Recorded _log;

        public Recorder(Recorded log, IActorRef? echo = null)
        {
            _log = log;
            Interlocked.Increment(ref log.Instances);
            log.CreatedOn = Environment.CurrentManagedThreadId;
            Receive<TestActors.Block>(b =>
            {
                _log.Blocked = true;
                b.Gate.Wait(Bound);
            });
            Receive<TestActors.Fail>(f => throw new InvalidOperationException(f.Reason));
            Receive<string>(s =>
            {
                _log.Messages.Enqueue((s, Environment.CurrentManagedThreadId));
                echo?.Tell(s);
            });
        }

        protected override void PostStop() => _log.StoppedOn = Environment.CurrentManagedThreadId;
    }

    private sealed class Relay : ActorBase
    {
        public Relay(IActorRef target, Recorded log, TaskCompletionSource<int> sentFrom) => Receive<string>(_ =>
        {
            target.Tell("relayed");
            // Hold this thread until the target handled it elsewhere (bounded).
            AwaitCondition(() => !log.Messages.IsEmpty, Bound, "the target to handle the relayed message");
            sentFrom.SetResult(Environment.CurrentManagedThreadId);
        });
    }
}
