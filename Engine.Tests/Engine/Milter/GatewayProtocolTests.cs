using Sift.Engine.Configuration;
using Sift.Engine.Milter;
using Sift.Protocols.Milter;
using F = Sift.Protocols.Milter.MilterProtocolFlags;

namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>What the gateway asks of the MTA for each policy: stages no check uses are left out, those that only deliver inputs are sent without a reply.</summary>
public sealed class GatewayProtocolTests
{
    private const F Everything = F.NoConnect | F.NoHelo | F.NoMail | F.NoRcpt | F.NoData | F.NoHeaders | F.NoEndOfHeaders | F.NoBody | F.NoUnknown;

    private static GatewayPolicy PolicyOf(params (string Name, string Kind, string? Stage)[] checks)
    {
        var options = new SiftOptions();
        foreach (var (name, kind, stage) in checks)
        {
            options.Checks[name] = new CheckOptions { Kind = kind, Zone = "bl.example", Argv = ["/bin/true"], Stage = stage ?? "" };
        }
        return GatewayPolicy.From(options);
    }

    [Fact]
    public void Without_checks_only_end_of_message_is_sent_and_nothing_is_spooled()
    {
        var policy = PolicyOf();
        Assert.Equal(Everything, MilterGateway.ProtocolFor(policy));
        Assert.False(policy.SpoolsContent);
    }

    [Fact]
    public void A_dnsbl_at_connect_asks_for_connect_answered_and_nothing_else_before_end_of_message()
    {
        var policy = PolicyOf(("zen", "dnsbl", null));
        Assert.Equal(Everything & ~F.NoConnect, MilterGateway.ProtocolFor(policy));
        Assert.False(policy.SpoolsContent);
    }

    [Fact]
    public void Spf_at_mail_gets_connect_and_helo_without_a_reply_and_mail_answered()
    {
        var policy = PolicyOf(("spf", "spf", null));
        Assert.Equal((Everything & ~(F.NoConnect | F.NoHelo | F.NoMail)) | F.NoReplyConnect | F.NoReplyHelo, MilterGateway.ProtocolFor(policy));
    }

    [Fact]
    public void Content_scanners_get_headers_and_body_without_replies_and_spool_the_message()
    {
        var policy = PolicyOf(("av", "clamd", null), ("sa", "spamc", null));
        Assert.Equal((Everything & ~(F.NoHeaders | F.NoBody)) | F.NoReplyHeader | F.NoReplyBody, MilterGateway.ProtocolFor(policy));
        Assert.True(policy.SpoolsContent);
    }

    [Fact]
    public void Dmarc_reads_the_headers_but_not_the_body_and_spools_nothing()
    {
        var policy = PolicyOf(("dmarc", "dmarc", null));
        Assert.Equal((Everything & ~F.NoHeaders) | F.NoReplyHeader, MilterGateway.ProtocolFor(policy));
        Assert.False(policy.SpoolsContent);
    }

    [Fact]
    public void Rspamd_reads_the_envelope_too_so_every_stage_but_data_is_sent_without_a_reply()
    {
        var policy = PolicyOf(("rspamd", "rspamd", null));
        Assert.Equal(F.NoData | F.NoEndOfHeaders | F.NoUnknown | F.NoReplyConnect | F.NoReplyHelo | F.NoReplyMail | F.NoReplyRcpt
            | F.NoReplyHeader | F.NoReplyBody, MilterGateway.ProtocolFor(policy));
        Assert.True(policy.SpoolsContent);
    }

    [Fact]
    public void A_custom_kind_at_rcpt_reads_everything_known_there_and_rcpt_is_answered()
    {
        var policy = PolicyOf(("mine", "my-kind", "rcpt"));
        Assert.Equal(F.NoData | F.NoHeaders | F.NoEndOfHeaders | F.NoBody | F.NoUnknown | F.NoReplyConnect | F.NoReplyHelo | F.NoReplyMail,
            MilterGateway.ProtocolFor(policy));
        Assert.False(policy.SpoolsContent);
    }

    [Fact]
    public void Checks_at_several_stages_have_each_of_those_stages_answered()
    {
        var policy = PolicyOf(("zen", "dnsbl", null), ("dbl", "rhsbl", null), ("av", "clamd", null));
        Assert.Equal(F.NoRcpt | F.NoData | F.NoEndOfHeaders | F.NoUnknown | F.NoReplyHelo | F.NoReplyHeader | F.NoReplyBody,
            MilterGateway.ProtocolFor(policy));
    }

    [Fact]
    public void The_agreement_serves_a_handler_only_when_every_stage_it_needs_is_sent_and_answered_where_it_answers()
    {
        Assert.True(MilterStateTable.Serves(Everything, Everything));
        Assert.True(MilterStateTable.Serves(F.NoReplyHelo, F.NoReplyHelo | F.NoHelo));
        Assert.True(MilterStateTable.Serves(F.None, F.NoReplyHelo));
        Assert.False(MilterStateTable.Serves(F.NoConnect, F.None));
        Assert.False(MilterStateTable.Serves(F.NoReplyHelo, F.None));
    }
}
