using System.Net;
using Sift.Actors.Kernel;
using Sift.Actors.TestKit;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Milter;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>
/// A session that stops or fails with an answer owed (its stage's checks still pending): the command
/// gets exactly one answer, the policy's default response, and the session says so in the log (event
/// 4003). Driven directly on the session actor, and over the socket with the milter client (the MTA
/// side) when the gateway stops — where the server's own tempfail at the end of the grace period is
/// the answer, and the session logs that nothing more is owed (event 4012).
/// </summary>
public sealed class GatewayStopTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A check kind that answers only when the test lets it (or disposes it); <see cref="Started"/> completes when a check is running.</summary>
    private sealed class HeldCheck : IDisposable
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _release.TrySetResult();

        public void Dispose() => Release();

        public void Register(FilterEngine engine) => engine.RegisterCustom("held", async (_, cancellationToken) =>
        {
            _started.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return CustomAnswer.Ok("released");
        });
    }

    /// <summary>A check at HELO that waits for the test, and deadlines far beyond the test's bound.</summary>
    private static SiftOptions HeldAtHelo(string defaultAction = "tempfail")
    {
        var options = GatewayHarness.Options();
        options.Engine.GlobalTimeout = TimeSpan.FromMinutes(5);
        options.Milter.DefaultAction = defaultAction;
        options.Checks["held"] = new CheckOptions { Kind = "held", Stage = "helo", Timeout = TimeSpan.FromMinutes(5) };
        return options;
    }

    /// <summary>Connects (answered continue) and sends HELO, whose check then holds the answer.</summary>
    private static async Task<MilterClient> HeloHeldAsync(GatewayHarness gateway, HeldCheck held)
    {
        var client = await MilterClient.ConnectAsync(gateway.EndPoint);
        await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
        client.Writer.WriteConnect(new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 4321, "192.0.2.1"));
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteStrings((byte)MilterCommand.Helo, "client.example");
        await client.SendAsync();
        await held.Started.WaitAsync(Bound);
        return client;
    }

    /// <summary>Completes with the first line logged with <paramref name="eventId"/> from now on.</summary>
    private static Task<string> NextLogged(GatewayHarness gateway, int eventId)
    {
        var logged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Logs.OnLogged = e =>
        {
            if (e.EventId.Id == eventId)
            {
                logged.TrySetResult(e.Message);
            }
        };
        return logged.Task;
    }

    /// <summary>A session actor asked HELO by <paramref name="asker"/>, its check held; <paramref name="asker"/> watches it.</summary>
    private static async Task<IActorRef> SessionOwingHeloAsync(GatewayHarness gateway, HeldCheck held, TestProbe asker)
    {
        var logger = gateway.Logs.CreateLogger("Sift.Milter.Session");
        var session = gateway.Engine.System.ActorOf(MilterSession.Create(gateway.Engine, gateway.Gateway.Policy, logger, null));
        asker.Watch(session);
        asker.Send(session, new SessionConnect("client.example", IPAddress.Parse("192.0.2.1"), "192.0.2.1"));
        Assert.Equal(MilterResponse.Continue, asker.ExpectMsg<StageOutcome>().Response);
        asker.Send(session, new SessionHelo("client.example"));
        await held.Started.WaitAsync(Bound);
        return session;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_session_stopped_or_failed_while_its_checks_are_pending_answers_the_owed_command_once_with_the_default_response(bool fails)
    {
        var held = new HeldCheck();
        // Reject, not tempfail: the answer is the policy's default response.
        await using var gateway = await GatewayHarness.StartAsync(HeldAtHelo("reject"), held.Register);
        using var release = held; // before the gateway stops
        // The MTA side's handler, as a probe (of its own system: only its mailbox is used).
        var asker = new ActorTestKit().CreateTestProbe("asker");
        var session = await SessionOwingHeloAsync(gateway, held, asker);

        if (fails)
        {
            // Kill makes the actor fail (ActorKilledException); its supervisor stops it.
            session.Tell(Kill.Instance, ActorRefs.NoSender);
        }
        else
        {
            gateway.Engine.System.Stop(session);
        }

        Assert.Equal(MilterResponse.Reject, asker.ExpectMsg<StageOutcome>(timeout: Bound).Response);
        // One answer only: what follows it is the session's end (PostStop runs before Terminated is sent).
        asker.ExpectTerminated(session, Bound);
        Assert.Equal("NOQUEUE: the milter session for client.example[192.0.2.1] stopped or failed with an answer owed; answering Reject",
            Assert.Single(gateway.Logged(4003)));
    }

    [Fact]
    public async Task A_command_still_owed_after_the_grace_period_is_answered_tempfail_once_and_the_connection_closed()
    {
        var held = new HeldCheck();
        await using var gateway = await GatewayHarness.StartAsync(HeldAtHelo(), held.Register);
        using var release = held; // before the gateway stops
        var stoppedUnanswerable = NextLogged(gateway, 4012);
        await using var client = await HeloHeldAsync(gateway, held);

        await gateway.Gateway.StopAsync(TimeSpan.FromMilliseconds(50)).WaitAsync(Bound);

        var reply = await client.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal(MilterReplyCode.TempFail, reply.Code);
        // Nothing after it: the gateway closed the connection.
        var closed = await Assert.ThrowsAsync<MilterProtocolException>(() => client.ReadAsync().AsTask().WaitAsync(Bound));
        Assert.Contains("closed the connection", closed.Message);
        // The server's tempfail was the answer: the session, stopped with the connection, says that
        // nothing more is owed (once) instead of claiming to answer with a reply that is never sent.
        Assert.Contains("client.example[192.0.2.1]", await stoppedUnanswerable.WaitAsync(Bound));
        Assert.Single(gateway.Logged(4012));
        Assert.Empty(gateway.Logged(4003));
    }

    [Fact]
    public async Task A_command_whose_checks_end_within_the_grace_period_gets_its_real_answer()
    {
        var held = new HeldCheck();
        await using var gateway = await GatewayHarness.StartAsync(HeldAtHelo(), held.Register);
        using var release = held; // before the gateway stops, should the test fail first
        await using var client = await HeloHeldAsync(gateway, held);

        var stopping = gateway.Gateway.StopAsync(TimeSpan.FromSeconds(30));
        held.Release();

        Assert.Equal(MilterReplyCode.Continue, (await client.ReadAsync().AsTask().WaitAsync(Bound)).Code);
        client.Writer.WriteEmpty((byte)MilterCommand.Quit);
        await client.SendAsync();
        await stopping.WaitAsync(Bound);
        Assert.Empty(gateway.Logged(4003));
    }
}
