using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Dmarc;

public class DmarcEvaluatorTests
{
    private static readonly PublicSuffixList Suffixes = PublicSuffixList.Embedded();

    [Theory]
    [InlineData("example.com", "example.com", DmarcAlignment.Strict, true)]
    [InlineData("EXAMPLE.com.", "example.COM", DmarcAlignment.Strict, true)]
    [InlineData("mail.example.com", "example.com", DmarcAlignment.Strict, false)]
    [InlineData("mail.example.com", "example.com", DmarcAlignment.Relaxed, true)]
    [InlineData("example.com", "news.example.com", DmarcAlignment.Relaxed, true)]
    [InlineData("a.example.com", "b.example.com", DmarcAlignment.Relaxed, true)]
    [InlineData("example.net", "example.com", DmarcAlignment.Relaxed, false)]
    [InlineData("other.co.uk", "example.co.uk", DmarcAlignment.Relaxed, false)]
    [InlineData("bounce.example.co.uk", "example.co.uk", DmarcAlignment.Relaxed, true)]
    [InlineData("co.uk", "example.co.uk", DmarcAlignment.Relaxed, false)]
    [InlineData("", "example.com", DmarcAlignment.Relaxed, false)]
    public void Alignment_table(string authenticated, string from, DmarcAlignment mode, bool aligned)
        => Assert.Equal(aligned, DmarcEvaluator.IsAligned(authenticated, from, mode, Suffixes));

    private static readonly InMemorySpfResolver Zone = new InMemorySpfResolver()
        .Txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r")
        .Txt("_dmarc.relaxed.example", "v=DMARC1; p=quarantine")
        .Txt("_dmarc.half.example", "v=DMARC1; p=reject; pct=50")
        .Txt("_dmarc.nothing.example", "v=DMARC1; p=reject; pct=0")
        .Txt("_dmarc.monitor.example", "v=DMARC1; p=none; pct=10");

    private static Task<DmarcEvaluation> Evaluate(
        string from, SpfResult spf, string? spfDomain, DkimSignatureResult[]? dkim = null, bool? exists = null, Random? random = null)
        => new DmarcEvaluator(Zone, Suffixes, random ?? new FixedRandom(0))
            .EvaluateAsync(new DmarcInput(from, spf, spfDomain, dkim ?? [], exists)).AsTask();

    [Theory]
    [InlineData(SpfResult.Pass, "example.com", DmarcResult.Pass)]
    [InlineData(SpfResult.Pass, "bounces.example.com", DmarcResult.Pass)]      // aspf=r
    [InlineData(SpfResult.Pass, "example.net", DmarcResult.Fail)]
    [InlineData(SpfResult.SoftFail, "example.com", DmarcResult.Fail)]
    [InlineData(SpfResult.Neutral, "example.com", DmarcResult.Fail)]
    [InlineData(SpfResult.Pass, null, DmarcResult.Fail)]
    public async Task Spf_counts_only_as_an_aligned_pass(SpfResult spf, string? spfDomain, DmarcResult expected)
    {
        var e = await Evaluate("example.com", spf, spfDomain);
        Assert.Equal(expected, e.Result);
        Assert.Equal(expected == DmarcResult.Pass, e.SpfAligned);
    }

    [Fact]
    public async Task Dkim_needs_a_passing_signature_aligned_under_adkim()
    {
        // adkim=s at example.com: a subdomain signature does not align, an exact one does.
        var sub = await Evaluate("example.com", SpfResult.Fail, "example.com", [new("mail.example.com", true)]);
        Assert.Equal(DmarcResult.Fail, sub.Result);
        var failed = await Evaluate("example.com", SpfResult.Fail, "example.com", [new("example.com", false)]);
        Assert.Equal(DmarcResult.Fail, failed.Result);
        var exact = await Evaluate("example.com", SpfResult.Fail, "example.com", [new("other.example", true), new("example.com", true)]);
        Assert.Equal(DmarcResult.Pass, exact.Result);
        Assert.True(exact.DkimAligned);
        Assert.Equal("example.com", exact.AlignedDkimDomain);
        Assert.Equal(DmarcPolicy.None, exact.Disposition);
        // adkim defaults to relaxed.
        var relaxed = await Evaluate("relaxed.example", SpfResult.None, null, [new("d.relaxed.example", true)]);
        Assert.Equal(DmarcResult.Pass, relaxed.Result);
    }

    [Theory]
    [InlineData("example.com", null, DmarcPolicy.Reject)]               // p at the domain itself
    [InlineData("sub.example.com", null, DmarcPolicy.Quarantine)]       // sp at a subdomain
    [InlineData("sub.example.com", true, DmarcPolicy.Quarantine)]
    [InlineData("ghost.example.com", false, DmarcPolicy.Reject)]        // np at a non-existent subdomain
    [InlineData("sub.relaxed.example", false, DmarcPolicy.Quarantine)]  // sp and np default to p
    public async Task The_policy_is_p_sp_or_np_by_where_the_record_was_found(string from, bool? exists, DmarcPolicy expected)
    {
        var e = await Evaluate(from, SpfResult.Fail, from, exists: exists);
        Assert.Equal(DmarcResult.Fail, e.Result);
        Assert.Equal(expected, e.PublishedPolicy);
        Assert.Equal(expected, e.Disposition);
        Assert.False(e.SampledOut);
    }

    [Theory]
    [InlineData(49, DmarcPolicy.Reject, false)]
    [InlineData(50, DmarcPolicy.Quarantine, true)]
    [InlineData(99, DmarcPolicy.Quarantine, true)]
    public async Task Pct_sampling_lowers_the_policy_one_step_for_messages_outside_the_sample(int draw, DmarcPolicy disposition, bool sampledOut)
    {
        var e = await Evaluate("half.example", SpfResult.Fail, "half.example", random: new FixedRandom(draw));
        Assert.Equal(DmarcPolicy.Reject, e.PublishedPolicy);
        Assert.Equal(disposition, e.Disposition);
        Assert.Equal(sampledOut, e.SampledOut);
    }

    [Fact]
    public async Task Pct_zero_never_applies_and_p_none_is_never_sampled()
    {
        var zero = await Evaluate("nothing.example", SpfResult.Fail, "nothing.example", random: new FixedRandom(0));
        Assert.Equal(DmarcPolicy.Quarantine, zero.Disposition);
        var random = new FixedRandom(99);
        var monitor = await Evaluate("monitor.example", SpfResult.Fail, "monitor.example", random: random);
        Assert.Equal(DmarcPolicy.None, monitor.Disposition);
        Assert.False(monitor.SampledOut);
        Assert.Equal(0, random.Calls);
    }

    [Fact]
    public async Task No_record_temperror_and_permerror_carry_no_policy()
    {
        Assert.Equal(DmarcResult.None, (await Evaluate("unknown.example", SpfResult.Pass, "unknown.example")).Result);
        var dns = new InMemorySpfResolver().Failing("_dmarc.t.example", DnsLookupStatus.Timeout)
            .Txt("_dmarc.p.example", "v=DMARC1; p=none", "v=DMARC1; p=reject");
        var evaluator = new DmarcEvaluator(dns, Suffixes);
        var temp = await evaluator.EvaluateAsync(new DmarcInput("t.example", SpfResult.Pass, "t.example", []));
        Assert.Equal(DmarcResult.TempError, temp.Result);
        Assert.Null(temp.PublishedPolicy);
        var perm = await evaluator.EvaluateAsync(new DmarcInput("p.example", SpfResult.Pass, "p.example", []));
        Assert.Equal(DmarcResult.PermError, perm.Result);
        Assert.Equal("dmarc=permerror header.from=p.example", perm.AuthenticationResultsMethod);
    }

    [Fact]
    public async Task Authentication_results_name_the_policy_and_disposition()
    {
        var e = await Evaluate("half.example", SpfResult.Fail, "half.example", random: new FixedRandom(80));
        Assert.Equal("dmarc=fail (p=reject dis=quarantine) header.from=half.example", e.AuthenticationResultsMethod);
    }

    /// <summary>A random source that always draws the same value, counting draws.</summary>
    private sealed class FixedRandom(int value) : Random
    {
        public int Calls { get; private set; }

        public override int Next(int maxValue)
        {
            Calls++;
            return Math.Min(value, maxValue - 1);
        }
    }
}
