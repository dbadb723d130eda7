using Sift.Engine.Results;
using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Engine.Results;

public class SpfDmarcInterpretationTests
{
    private static readonly InMemorySpfResolver Zone = new InMemorySpfResolver()
        .Txt("example.com", "v=spf1 ip4:192.0.2.0/24 ~all")
        .Txt("strict.example", "v=spf1 -all")
        .Txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine; pct=100; rua=mailto:agg@example.com; adkim=s; fo=1; ri=3600");

    [Theory]
    [InlineData("user@strict.example", true, false, true)]
    [InlineData("user@strict.example", false, false, false)]
    [InlineData("user@example.com", true, false, false)]
    [InlineData("user@example.com", true, true, true)]
    public async Task Spf_fail_and_softfail_are_hits_as_configured(string from, bool onFail, bool onSoftFail, bool hit)
    {
        var verification = await new SpfVerifier(Zone).SpfVerifyAsync(from, "203.0.113.1");
        var interpretation = SpfInterpretation.From(verification, onFail, onSoftFail);
        Assert.Equal(hit, interpretation.Hit);
        Assert.True(interpretation.HasSpf);
        Assert.Equal(hit, interpretation.Reason is not null);
    }

    [Fact]
    public async Task Spf_pass_is_not_a_hit_and_none_has_no_record()
    {
        var pass = SpfInterpretation.From(await new SpfVerifier(Zone).SpfVerifyAsync("a@example.com", "192.0.2.9"));
        Assert.Equal(("pass", false), (pass.ResultName, pass.Hit));
        var none = SpfInterpretation.From(await new SpfVerifier(Zone).SpfVerifyAsync("a@nospf.example", "192.0.2.9"));
        Assert.False(none.HasSpf);
        Assert.Equal(SpfResult.None, none.Result);
    }

    [Fact]
    public async Task Dmarc_record_interpretation_carries_every_tag()
    {
        var lookup = await new DmarcDiscovery(Zone, PublicSuffixList.Embedded()).DiscoverAsync("mail.example.com");
        var i = DmarcInterpretation.From(lookup);
        Assert.True(i.HasDmarc);
        Assert.Equal(("reject", "quarantine", (string?)null, 100), (i.P, i.Sp, i.Np, i.Pct));
        Assert.Equal(["mailto:agg@example.com"], i.Rua);
        Assert.Empty(i.Ruf);
        Assert.Equal(("s", "r", "1", 3600u), (i.Adkim, i.Aspf, i.Fo, i.Ri));
        Assert.Equal("example.com", i.PolicyDomain);
        Assert.False(i.Hit);
    }

    [Fact]
    public async Task Dmarc_fail_with_a_quarantine_or_reject_disposition_is_a_hit()
    {
        var evaluator = new DmarcEvaluator(Zone, PublicSuffixList.Embedded());
        var fail = DmarcInterpretation.From(await evaluator.EvaluateAsync(new DmarcInput("mail.example.com", SpfResult.Fail, "mail.example.com", [])));
        Assert.True(fail.Hit);
        Assert.Equal(DmarcPolicy.Quarantine, fail.Disposition);
        Assert.StartsWith("DMARC fail, policy quarantine", fail.Reason);

        var pass = DmarcInterpretation.From(await evaluator.EvaluateAsync(new DmarcInput("example.com", SpfResult.Pass, "example.com", [])));
        Assert.False(pass.Hit);
        Assert.Null(pass.Reason);
    }

    [Fact]
    public async Task No_dmarc_record_is_not_a_hit()
    {
        var i = DmarcInterpretation.From(await new DmarcDiscovery(Zone, PublicSuffixList.Embedded()).DiscoverAsync("nodmarc.example"));
        Assert.False(i.HasDmarc);
        Assert.Null(i.P);
        Assert.False(i.Hit);
    }
}
