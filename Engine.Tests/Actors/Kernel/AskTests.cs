using Sift.Actors.Kernel;
using Sift.Engine.Tests.Infrastructure;
using static Sift.Engine.Tests.Actors.Kernel.TestActors;

namespace Sift.Engine.Tests.Actors.Kernel;

public sealed class AskTests : ActorTestBase
{
    private sealed class Mute : ActorBase
    {
        public Mute() => ReceiveAny(_ => { });
    }

    [Fact]
    public async Task Ask_returns_the_typed_answer_and_leaves_nothing_behind()
    {
        var worker = Sys.ActorOf(Props.Create(() => new Worker()));
        var answer = await worker.Ask<string>(new Echo("pong"), TimeSpan.FromSeconds(10));
        Assert.Equal("pong", answer);
        Assert.Equal(0, Sys.Metrics.AsksPending);
        Assert.Equal(0, Time.ScheduledTimerCount);
    }

    [Fact]
    public async Task A_ten_second_ask_timeout_fires_on_virtual_time_without_waiting()
    {
        var mute = Sys.ActorOf(Props.Create(() => new Mute()));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var ask = mute.Ask<string>("hello?", TimeSpan.FromSeconds(10));
        Time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.False(ask.IsCompleted);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Contains("String", error.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(0, Sys.Metrics.AsksPending);
        Assert.Equal(0, Time.TimerCount);
    }

    [Fact]
    public async Task A_late_answer_after_the_timeout_becomes_a_dead_letter()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("question", TimeSpan.FromSeconds(1));
        probe.ExpectMsg("question");
        Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        probe.Reply("too late");
        ExpectDeadLetter<string>(s => s == "too late");
    }

    [Fact]
    public async Task A_failure_answer_throws_its_cause()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("question", TimeSpan.FromSeconds(1));
        probe.ExpectMsg("question");
        probe.Reply(new Status.Failure(new FormatException("bad")));
        var error = await Assert.ThrowsAsync<FormatException>(() => ask);
        Assert.Equal("bad", error.Message);
        Assert.Equal(0, Sys.Metrics.AsksPending);
    }

    [Fact]
    public async Task An_ask_to_a_full_mailbox_fails_at_once_with_OverloadedException()
    {
        var gate = new ManualResetEventSlim();
        var probe = CreateTestProbe();
        var worker = Sys.ActorOf(Props.Create(() => new Worker()).WithMailbox(1));
        probe.Send(worker, new Block(gate));
        AwaitCondition(() => ActorDiagnostics.QueuedMessages(worker) == 0);
        probe.Send(worker, "fills the mailbox");
        var error = await Assert.ThrowsAsync<OverloadedException>(() => worker.Ask<string>("refused", TimeSpan.FromSeconds(10)));
        Assert.Equal(OverloadReason.MailboxFull, error.Overloaded.Reason);
        gate.Set();
        Assert.Equal(0, Sys.Metrics.AsksPending);
    }

    [Fact]
    public async Task A_cancelled_ask_releases_its_timer()
    {
        var mute = Sys.ActorOf(Props.Create(() => new Mute()));
        using var cts = new CancellationTokenSource();
        var ask = mute.Ask<string>("hello?", TimeSpan.FromSeconds(10), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
        Assert.Equal(0, Sys.Metrics.AsksPending);
        Assert.Equal(0, Time.ScheduledTimerCount);
    }

    [Fact]
    public async Task PipeTo_sends_the_value_or_a_failure()
    {
        var probe = CreateTestProbe();
        await Task.FromResult(7).PipeTo(probe);
        Assert.Equal(7, probe.ExpectMsg<int>());
        await Task.FromException<int>(new InvalidDataException("io")).PipeTo(probe);
        Assert.IsType<InvalidDataException>(probe.ExpectMsg<Status.Failure>().Cause);
    }
}
