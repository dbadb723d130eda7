using Sift.Engine.Configuration;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>SPF at MAIL FROM against the test unbound (test-env/zones), driven with the milter client.</summary>
public sealed class GatewayDnsTests
{
    private static SiftOptions SpfOptions()
    {
        var options = GatewayHarness.Options();
        options.Dns.Nameservers.Add(TestEnv.Require("SIFT_TEST_DNS"));
        options.Checks["spf"] = new CheckOptions { Kind = "spf", Weight = 9 };
        return options;
    }

    private static async Task<MilterClient> ConnectAsync(GatewayHarness gateway, string address)
    {
        var client = await MilterClient.ConnectAsync(gateway.EndPoint);
        await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
        client.Writer.WriteConnect(new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 4321, address));
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteStrings((byte)MilterCommand.Helo, "client.example");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        return client;
    }

    [Fact]
    public async Task A_sender_whose_SPF_fails_is_rejected_at_MAIL_FROM_with_the_SPF_reason()
    {
        await using var gateway = await GatewayHarness.StartAsync(SpfOptions());
        await using var client = await ConnectAsync(gateway, "198.51.100.1");
        client.Writer.WriteStrings((byte)MilterCommand.Mail, "<someone@spf.dns.test>");
        var reply = await client.CommandAsync();
        Assert.Equal(MilterReplyCode.ReplyCode, reply.Code);
        Assert.StartsWith("550 5.7.1 Message rejected as spam: SPF fail for spf.dns.test", reply.Strings()[0]);
        Assert.Contains("stage=mail", Assert.Single(gateway.Logged(4001)));
    }

    [Fact]
    public async Task A_sender_whose_SPF_passes_is_accepted_with_its_Authentication_Results()
    {
        await using var gateway = await GatewayHarness.StartAsync(SpfOptions());
        await using var client = await ConnectAsync(gateway, "192.0.2.5");
        client.Writer.WriteStrings((byte)MilterCommand.Mail, "<someone@spf.dns.test>");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteStrings((byte)MilterCommand.Rcpt, "<b@example.net>");
        Assert.Equal(MilterReplyCode.Continue, (await client.CommandAsync()).Code);
        client.Writer.WriteEmpty((byte)MilterCommand.EndOfBody);
        var modifications = new List<MilterReply>();
        Assert.Equal(MilterReplyCode.Accept, (await client.CommandAsync(modifications)).Code);
        var results = modifications.Single(m => m.Code == MilterReplyCode.AddHeader && m.Strings()[0] == "Authentication-Results").Strings()[1];
        Assert.EndsWith("; spf=pass smtp.mailfrom=spf.dns.test", results);
    }
}
