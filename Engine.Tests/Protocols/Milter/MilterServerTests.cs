using System.Text;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Protocols.Milter;

/// <summary>Attacks and limits, in process: what a real MTA cannot be made to do on demand.</summary>
public class MilterServerTests
{
    private static readonly byte[] Helo = RawMilterConnection.Packets(w => w.WriteStrings((byte)MilterCommand.Helo, "client.example"));

    private static async Task<RawMilterConnection> OpenAsync(MilterServer server)
    {
        var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        await connection.NegotiateAsync();
        return connection;
    }

    private static async Task AssertBadInputEndsOnlyThatSessionAsync(byte[] bad)
    {
        await using var server = await ExampleMilter.StartAsync();
        using var good = await OpenAsync(server);
        using var attacker = await OpenAsync(server);
        await attacker.SendAsync(bad);
        Assert.True(await attacker.IsClosedByMilterAsync(), "the bad session was not closed");
        Assert.Equal('c', await good.CommandAsync(Helo));
        using var later = await OpenAsync(server);
        Assert.Equal('c', await later.CommandAsync(Helo));
    }

    [Fact]
    public Task A_zero_length_packet_ends_only_its_session() =>
        AssertBadInputEndsOnlyThatSessionAsync([0, 0, 0, 0]);

    [Fact]
    public Task An_oversized_length_ends_only_its_session_without_waiting_for_the_data() =>
        AssertBadInputEndsOnlyThatSessionAsync([0x7f, 0xff, 0xff, 0xff, (byte)'B']);

    [Fact]
    public Task An_unknown_command_ends_only_its_session() =>
        AssertBadInputEndsOnlyThatSessionAsync([0, 0, 0, 1, (byte)'Z']);

    [Fact]
    public Task A_body_before_mail_ends_only_its_session() =>
        AssertBadInputEndsOnlyThatSessionAsync(RawMilterConnection.Packets(w => w.WritePacket((byte)MilterCommand.Body, "x"u8)));

    [Fact]
    public Task A_header_without_its_nul_ends_only_its_session() =>
        AssertBadInputEndsOnlyThatSessionAsync(RawMilterConnection.Packets(w =>
        {
            w.WriteStrings((byte)MilterCommand.Mail, "<a@example.com>");
            w.WritePacket((byte)MilterCommand.Header, "Subject\0no nul"u8);
        }));

    [Fact]
    public async Task A_peer_that_closes_mid_packet_ends_only_its_session()
    {
        await using var server = await ExampleMilter.StartAsync();
        using var good = await OpenAsync(server);
        using (var attacker = await OpenAsync(server))
        {
            await attacker.SendAsync(Helo[..6]);
        }
        Assert.Equal('c', await good.CommandAsync(Helo));
    }

    [Fact]
    public async Task A_conversation_written_one_byte_at_a_time_is_answered_normally()
    {
        await using var server = await ExampleMilter.StartAsync();
        using var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        await connection.SendOneByteAtATimeAsync(RawMilterConnection.Offer);
        Assert.Equal((byte)'O', (await connection.ReadPacketAsync())!.Value.Code);
        await connection.SendOneByteAtATimeAsync(Helo);
        Assert.Equal((byte)'c', (await connection.ReadPacketAsync())!.Value.Code);
        var mail = RawMilterConnection.Packets(w => w.WriteStrings((byte)MilterCommand.Mail, ["<a@example.com>", "SIZE=666"]));
        await connection.SendOneByteAtATimeAsync(mail);
        Assert.Equal((byte)'r', (await connection.ReadPacketAsync())!.Value.Code);
    }

    [Fact]
    public async Task The_connection_over_the_limit_is_answered_tempfail_at_once_and_closed()
    {
        await using var server = await ExampleMilter.StartAsync(o => o.MaxConnections = 2);
        using var first = await OpenAsync(server);
        using var second = await OpenAsync(server);
        using var third = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        var refused = await third.ReadPacketAsync();
        Assert.Equal((byte)'t', refused?.Code);
        Assert.True(await third.IsClosedByMilterAsync());
        Assert.Equal('c', await first.CommandAsync(Helo));
        first.Dispose();
        await WaitUntilAsync(() => server.ActiveConnections == 1);
        using var fourth = await OpenAsync(server);
        Assert.Equal('c', await fourth.CommandAsync(Helo));
    }

    [Fact]
    public async Task A_session_silent_past_the_command_timeout_is_closed()
    {
        await using var server = await ExampleMilter.StartAsync(o => o.CommandTimeout = TimeSpan.FromMilliseconds(200));
        using var idle = await OpenAsync(server);
        var started = DateTime.UtcNow;
        Assert.True(await idle.IsClosedByMilterAsync());
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_session_over_its_request_limit_is_answered_tempfail_and_closed()
    {
        await using var server = await ExampleMilter.StartAsync(o => o.MaxRequestsPerConnection = 3);
        using var connection = await OpenAsync(server);
        Assert.Equal('c', await connection.CommandAsync(Helo));
        Assert.Equal('c', await connection.CommandAsync(Helo));
        Assert.Equal('t', await connection.CommandAsync(Helo));
        Assert.True(await connection.IsClosedByMilterAsync());
    }

    [Fact]
    public async Task A_handler_factory_that_throws_gets_tempfail_not_a_crash()
    {
        var calls = 0;
        await using var server = await ExampleMilter.StartAsync(factory: () =>
            ++calls == 1 ? throw new InvalidOperationException("factory fails once") : new ExampleMilter());
        using var refused = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        Assert.Equal((byte)'t', (await refused.ReadPacketAsync())?.Code);
        using var next = await OpenAsync(server);
        Assert.Equal('c', await next.CommandAsync(Helo));
    }

    [Fact]
    public async Task Stop_answers_sessions_still_open_after_the_grace_period_with_tempfail()
    {
        var server = await ExampleMilter.StartAsync();
        using var idle = await OpenAsync(server);
        await server.StopAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal((byte)'t', (await idle.ReadPacketAsync())?.Code);
        Assert.True(await idle.IsClosedByMilterAsync());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stop_lets_a_session_that_quits_within_the_grace_period_finish()
    {
        var server = await ExampleMilter.StartAsync();
        using var connection = await OpenAsync(server);
        var stop = server.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal('c', await connection.CommandAsync(Helo));
        await connection.SendAsync([0, 0, 0, 1, (byte)'Q']);
        Assert.True(await connection.IsClosedByMilterAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public async Task Recipient_with_esmtp_arguments_and_change_from_are_sent_as_their_own_packets()
    {
        await using var server = await ExampleMilter.StartAsync();
        await using var client = await MilterClient.ConnectAsync(server.LocalEndPoint!);
        var agreed = await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
        Assert.Equal(ExampleMilter.AllActions, agreed.Actions);
        client.Writer.WriteStrings((byte)MilterCommand.Mail, "<a@example.com>");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteStrings((byte)MilterCommand.Header, "Subject", "rcptaddargs from");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteEmpty((byte)MilterCommand.EndOfBody);
        var modifications = new List<MilterReply>();
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync(modifications)).Code);
        Assert.Equal([MilterReplyCode.AddRecipientWithArgs, MilterReplyCode.ChangeFrom], modifications.Select(m => m.Code));
        Assert.Equal(["<args@example.com>", "NOTIFY=NEVER"], modifications[0].Strings());
        Assert.Equal(["<new-sender@example.com>"], modifications[1].Strings());
    }

    [Fact]
    public async Task Quit_new_connection_starts_a_new_smtp_session_with_a_new_handler()
    {
        var handlers = 0;
        await using var server = await ExampleMilter.StartAsync(factory: () => { Interlocked.Increment(ref handlers); return new ExampleMilter(); });
        using var connection = await OpenAsync(server);
        Assert.Equal('c', await connection.CommandAsync(Helo));
        await connection.SendAsync([0, 0, 0, 1, (byte)'K']);
        var connect = RawMilterConnection.Packets(w => w.WriteConnect(new MilterConnectInfo("next.example", MilterAddressFamily.Inet, 25, "127.0.0.1")));
        Assert.Equal('c', await connection.CommandAsync(connect));
        Assert.Equal(2, Volatile.Read(ref handlers));
    }

    [Fact]
    public async Task Modifications_without_their_negotiated_action_are_refused_and_answered_with_the_default()
    {
        await using var server = await ExampleMilter.StartAsync(o => o.Actions = MilterActions.None);
        using var connection = await OpenAsync(server);
        await connection.SendAsync(RawMilterConnection.Packets(w =>
        {
            w.WriteStrings((byte)MilterCommand.Mail, "<a@example.com>");
            w.WriteStrings((byte)MilterCommand.Header, "Subject", "add");
        }));
        Assert.Equal((byte)'c', (await connection.ReadPacketAsync())?.Code);
        Assert.Equal((byte)'c', (await connection.ReadPacketAsync())?.Code);
        Assert.Equal('t', await connection.CommandAsync([0, 0, 0, 1, (byte)'E']));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 5 s");
            await Task.Delay(10);
        }
    }

    private sealed class EndOfMessageOnly : MilterHandler
    {
        public override ValueTask<MilterResponse> OnEndOfMessageAsync(MilterContext context) => new(MilterResponse.Accept);
    }

    [Fact]
    public async Task Stages_the_handler_does_not_override_are_left_out_when_asked()
    {
        await using var server = await ExampleMilter.StartAsync(o => o.LeaveOutUnusedStages = true, () => new EndOfMessageOnly());
        using var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        var agreed = await connection.NegotiateAsync();
        var all = MilterProtocolFlags.NoConnect | MilterProtocolFlags.NoHelo | MilterProtocolFlags.NoMail | MilterProtocolFlags.NoRcpt |
            MilterProtocolFlags.NoData | MilterProtocolFlags.NoHeaders | MilterProtocolFlags.NoEndOfHeaders | MilterProtocolFlags.NoBody |
            MilterProtocolFlags.NoUnknown;
        Assert.Equal(all, agreed.Protocol);
        Assert.Equal('a', await connection.CommandAsync([0, 0, 0, 1, (byte)'E']));

        await using var full = await ExampleMilter.StartAsync(o => o.LeaveOutUnusedStages = true);
        using var example = await RawMilterConnection.ConnectAsync(full.LocalEndPoint!);
        Assert.Equal(MilterProtocolFlags.NoData | MilterProtocolFlags.NoEndOfHeaders, (await example.NegotiateAsync()).Protocol & all);
    }

    private sealed class SlowEndOfMessage : MilterHandler
    {
        public override async ValueTask<MilterResponse> OnEndOfMessageAsync(MilterContext context)
        {
            context.AddHeader("X-Before-Progress", "1");
            await context.SendProgressAsync();
            await context.SendProgressAsync();
            return MilterResponse.Reply(451, "4.7.1", "later");
        }
    }

    [Fact]
    public async Task Progress_leaves_at_once_with_the_modifications_before_it_and_the_reply_follows()
    {
        await using var server = await ExampleMilter.StartAsync(factory: () => new SlowEndOfMessage());
        await using var client = await MilterClient.ConnectAsync(server.LocalEndPoint!);
        await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
        client.Writer.WriteStrings((byte)MilterCommand.Mail, "<a@example.com>");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteEmpty((byte)MilterCommand.EndOfBody);
        var before = new List<MilterReply>();
        var reply = await client.CommandAsync(before);
        Assert.Equal([MilterReplyCode.AddHeader, MilterReplyCode.Progress, MilterReplyCode.Progress], before.Select(m => m.Code));
        Assert.Equal(MilterReplyCode.ReplyCode, reply.Code);
        Assert.Equal(["451 4.7.1 later"], reply.Strings());
    }

    [Fact]
    public async Task A_malformed_packet_is_logged_with_its_reason()
    {
        var logger = new ListLogger();
        var options = new MilterServerOptions { Listen = "inet:0@127.0.0.1" };
        await using var server = new MilterServer(() => new ExampleMilter(), options, logger);
        await server.StartAsync();
        using var attacker = await OpenAsync(server);
        await attacker.SendAsync([0x7f, 0xff, 0xff, 0xff]);
        Assert.True(await attacker.IsClosedByMilterAsync());
        await WaitUntilAsync(() => logger.Lines.Any(l => l.Contains("PacketTooLarge")));
    }
}

/// <summary>The per-connection protocol hook, no-reply stages and the command-timeout sweep on a virtual clock.</summary>
public class MilterServerProtocolTests
{
    private static readonly byte[] Helo = RawMilterConnection.Packets(w => w.WriteStrings((byte)MilterCommand.Helo, "client.example"));
    private static readonly byte[] Mail = RawMilterConnection.Packets(w => w.WriteStrings((byte)MilterCommand.Mail, "<a@example.com>"));

    /// <summary>Asks for HELO without a reply and no connect; rejects every sender; counts the HELOs it saw.</summary>
    private sealed class HeloWithoutReply(MilterProtocolFlags protocol) : MilterHandler
    {
        public static int Helos;

        public override MilterProtocolFlags? Protocol => protocol;

        public override ValueTask<MilterResponse> OnHeloAsync(MilterContext context, string helo)
        {
            Interlocked.Increment(ref Helos);
            return new(MilterResponse.TempFail);
        }

        public override ValueTask<MilterResponse> OnMailFromAsync(MilterContext context, string sender, IReadOnlyList<string> arguments) =>
            new(MilterResponse.Reject);
    }

    private const MilterProtocolFlags NoConnectNoReplyHelo = MilterProtocolFlags.NoConnect | MilterProtocolFlags.NoReplyHelo;

    [Fact]
    public async Task The_handler_chooses_the_protocol_of_its_connection_and_a_no_reply_stage_gets_no_answer()
    {
        await using var server = await ExampleMilter.StartAsync(o => o.Protocol = MilterProtocolFlags.NoBody, () => new HeloWithoutReply(NoConnectNoReplyHelo));
        using var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        Assert.Equal(NoConnectNoReplyHelo, (await connection.NegotiateAsync()).Protocol);
        var before = Volatile.Read(ref HeloWithoutReply.Helos);
        // HELO's tempfail is not sent: the first packet back is MAIL's reject.
        await connection.SendAsync([.. Helo, .. Mail]);
        Assert.Equal((byte)'r', (await connection.ReadPacketAsync())?.Code);
        Assert.True(Volatile.Read(ref HeloWithoutReply.Helos) > before, "the HELO callback did not run");
    }

    [Fact]
    public async Task After_quit_new_connection_a_handler_that_needs_a_stage_left_out_closes_the_connection()
    {
        var handlers = 0;
        await using var server = await ExampleMilter.StartAsync(factory: () =>
            Interlocked.Increment(ref handlers) == 1 ? new HeloWithoutReply(NoConnectNoReplyHelo) : new HeloWithoutReply(MilterProtocolFlags.None));
        using var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        Assert.Equal(NoConnectNoReplyHelo, (await connection.NegotiateAsync()).Protocol);
        await connection.SendAsync([0, 0, 0, 1, (byte)'K']);
        Assert.True(await connection.IsClosedByMilterAsync());
        Assert.Equal(2, Volatile.Read(ref handlers));
    }

    [Fact]
    public async Task After_quit_new_connection_a_handler_served_by_the_agreement_goes_on()
    {
        await using var server = await ExampleMilter.StartAsync(factory: () => new HeloWithoutReply(NoConnectNoReplyHelo | MilterProtocolFlags.NoRcpt));
        using var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        await connection.NegotiateAsync();
        await connection.SendAsync([0, 0, 0, 1, (byte)'K']);
        Assert.Equal('r', await connection.CommandAsync(Mail));
    }

    [Fact]
    public async Task The_sweep_closes_a_session_silent_past_the_command_timeout_on_the_servers_clock()
    {
        var clock = new Sift.Actors.TestKit.VirtualTimeProvider();
        await using var server = await ExampleMilter.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.CommandTimeout = TimeSpan.FromSeconds(30);
        });
        Assert.Equal(1, clock.TimerCount);
        using var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        await connection.NegotiateAsync();
        await Poll.UntilAsync(() => server.WaitingForCommand == 1, what: "the session to wait for a command");
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal('c', await connection.CommandAsync(Helo));
        await Poll.UntilAsync(() => server.WaitingForCommand == 1, what: "the session to wait again");
        // 29 s after the HELO: still open; past 30 s: closed.
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal('c', await connection.CommandAsync(Helo));
        await Poll.UntilAsync(() => server.WaitingForCommand == 1, what: "the session to wait again");
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await connection.IsClosedByMilterAsync());
        await Poll.UntilAsync(() => server.ActiveConnections == 0, what: "the session to end");
    }

    [Fact]
    public async Task An_infinite_command_timeout_starts_no_sweep()
    {
        var clock = new Sift.Actors.TestKit.VirtualTimeProvider();
        await using var server = await ExampleMilter.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.CommandTimeout = Timeout.InfiniteTimeSpan;
        });
        using var connection = await RawMilterConnection.ConnectAsync(server.LocalEndPoint!);
        await connection.NegotiateAsync();
        Assert.Equal(0, clock.TimerCount);
        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal('c', await connection.CommandAsync(Helo));
    }
}
