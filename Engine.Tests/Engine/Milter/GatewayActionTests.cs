using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>The action table at end of message, driven with the milter client (the MTA side) against an in-process gateway.</summary>
public sealed class GatewayActionTests
{
    private static async Task<(MilterReply Answer, List<MilterReply> Modifications)> SendMessageAsync(GatewayHarness gateway)
    {
        await using var client = await MilterClient.ConnectAsync(gateway.EndPoint);
        await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
        foreach (var write in new Action<MilterWriter>[]
                 {
                     w => w.WriteConnect(new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 4321, "192.0.2.1")),
                     w => w.WriteStrings((byte)MilterCommand.Helo, "client.example"),
                     w => w.WriteStrings((byte)MilterCommand.Mail, "<a@example.org>"),
                     w => w.WriteStrings((byte)MilterCommand.Rcpt, "<b@example.net>"),
                     w => w.WriteStrings((byte)MilterCommand.Header, "From", "A <a@example.org>"),
                     w => w.WriteEmpty((byte)MilterCommand.EndOfHeaders),
                     w => w.WritePacket((byte)MilterCommand.Body, "hello\r\n"u8),
                 })
        {
            write(client.Writer);
            Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        }
        client.Writer.WriteEmpty((byte)MilterCommand.EndOfBody);
        var modifications = new List<MilterReply>();
        var answer = await client.CommandAsync(modifications);
        return (answer, modifications);
    }

    private static SiftOptions ScoreOf(double weight, string band, double at)
    {
        var options = GatewayHarness.Options();
        options.Checks["scored"] = new CheckOptions { Kind = "always-ok", Weight = weight };
        options.Scoring.Actions["band"] = new ScoringActionOptions { At = at, Action = band };
        return options;
    }

    private static void AlwaysOk(FilterEngine engine) =>
        engine.RegisterCustom("always-ok", static (_, _) => ValueTask.FromResult(CustomAnswer.Ok("seen")));

    [Fact]
    public async Task A_pass_in_the_quarantine_band_is_accepted_into_the_MTAs_quarantine_with_the_headers()
    {
        var options = ScoreOf(0, "quarantine", 0);
        options.Milter.Headers.Timings = true;
        await using var gateway = await GatewayHarness.StartAsync(options, AlwaysOk);
        var (answer, modifications) = await SendMessageAsync(gateway);
        Assert.Equal(MilterReplyCode.Accept, answer.Code);
        var quarantine = Assert.Single(modifications, m => m.Code == MilterReplyCode.Quarantine);
        Assert.StartsWith("Sift: ", quarantine.Strings()[0]);
        var headers = modifications.Where(m => m.Code == MilterReplyCode.AddHeader).Select(m => m.Strings()[0]).ToArray();
        Assert.Equal(["X-Sift-Status", "X-Spam-Score", "X-Spam-Status", "Authentication-Results", "X-Sift-Timings"], headers);
        var timings = modifications.Single(m => m.Code == MilterReplyCode.AddHeader && m.Strings()[0] == "X-Sift-Timings").Strings()[1];
        Assert.Matches(@"^scored=answered/\d+ms$", timings);
    }

    [Fact]
    public async Task A_pass_in_the_discard_band_is_discarded()
    {
        await using var gateway = await GatewayHarness.StartAsync(ScoreOf(0, "discard", 0), AlwaysOk);
        var (answer, modifications) = await SendMessageAsync(gateway);
        Assert.Equal(MilterReplyCode.Discard, answer.Code);
        Assert.Empty(modifications);
    }

    [Fact]
    public async Task A_pass_below_every_band_is_accepted_and_the_log_line_names_the_client_and_verdict()
    {
        await using var gateway = await GatewayHarness.StartAsync(ScoreOf(0, "discard", 5), AlwaysOk);
        var (answer, _) = await SendMessageAsync(gateway);
        Assert.Equal(MilterReplyCode.Accept, answer.Code);
        var line = Assert.Single(gateway.Logged(4001));
        Assert.Contains("client=client.example[192.0.2.1] verdict=PASS action=accept score=0.0 stage=eom", line);
    }

    [Fact]
    public async Task A_custom_deny_at_mail_is_answered_there_without_waiting_for_the_body()
    {
        var options = GatewayHarness.Options();
        options.Checks["policy"] = new CheckOptions { Kind = "deny-all", Stage = "mail" };
        await using var gateway = await GatewayHarness.StartAsync(options,
            e => e.RegisterCustom("deny-all", static (_, _) => ValueTask.FromResult(CustomAnswer.Deny("no mail from you"))));
        await using var client = await MilterClient.ConnectAsync(gateway.EndPoint);
        await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
        client.Writer.WriteConnect(new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 4321, "192.0.2.1"));
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteStrings((byte)MilterCommand.Mail, "<a@example.org>");
        var reply = await client.CommandAsync();
        Assert.Equal(MilterReplyCode.ReplyCode, reply.Code);
        Assert.Equal("550 5.7.1 Message rejected as spam: no mail from you", reply.Strings()[0]);
    }
}
