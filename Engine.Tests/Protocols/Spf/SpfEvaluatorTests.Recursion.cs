using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

public partial class SpfEvaluatorTests
{
    // --- include ---

    [Theory]
    [InlineData("v=spf1 +all", SpfResult.Pass)]
    [InlineData("v=spf1 -all", SpfResult.Fail)]
    [InlineData("v=spf1 ~all", SpfResult.Fail)]
    [InlineData("v=spf1 ?all", SpfResult.Fail)]
    [InlineData("v=spf1 ip4:192.0.2.1", SpfResult.Pass)]
    public async Task Include_matches_only_when_the_included_domain_passes(string included, SpfResult expected)
    {
        var dns = Record("v=spf1 include:_spf.provider.example -all").Txt("_spf.provider.example", included);
        Assert.Equal(expected, (await Check(dns, "192.0.2.1")).Result);
    }

    [Fact]
    public async Task Include_qualifier_applies_to_a_passing_include()
    {
        var dns = Record("v=spf1 ~include:_spf.provider.example -all").Txt("_spf.provider.example", "v=spf1 +all");
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.SoftFail, result.Result);
        Assert.Equal("~include:_spf.provider.example", result.Mechanism);
    }

    [Fact]
    public async Task Include_of_a_domain_without_a_record_is_a_permerror()
    {
        var result = await Check(Record("v=spf1 include:nothing.example -all"), "192.0.2.1");
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("no SPF record", result.Problem);
    }

    [Fact]
    public async Task Include_propagates_a_temperror_from_anywhere_in_the_chain()
    {
        var dns = Record("v=spf1 include:one.example -all")
            .Txt("one.example", "v=spf1 include:two.example ?all")
            .Failing("two.example", DnsLookupStatus.ServFail);
        Assert.Equal(SpfResult.TempError, (await Check(dns, "192.0.2.1")).Result);
    }

    [Fact]
    public async Task Include_propagates_a_permerror_of_the_included_record()
    {
        var dns = Record("v=spf1 include:one.example +all").Txt("one.example", "v=spf1 bogus");
        Assert.Equal(SpfResult.PermError, (await Check(dns, "192.0.2.1")).Result);
    }

    [Fact]
    public async Task Include_chain_three_deep_passes_and_d_follows_the_current_domain()
    {
        var dns = Record("v=spf1 include:one.example -all")
            .Txt("one.example", "v=spf1 include:two.example -all")
            .Txt("two.example", "v=spf1 a -all")
            .A("two.example", "192.0.2.1");
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal(3, result.DnsLookups);
    }

    [Fact]
    public async Task An_include_loop_ends_in_a_permerror()
    {
        var dns = Record("v=spf1 include:example.com -all");
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("DNS-querying terms", result.Problem);
    }

    // --- redirect ---

    [Fact]
    public async Task Redirect_is_followed_when_nothing_matches()
    {
        var dns = Record("v=spf1 ip4:198.51.100.1 redirect=_spf.example.com").Txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "192.0.2.7")).Result);
        Assert.Equal(SpfResult.Fail, (await Check(dns, "203.0.113.7")).Result);
    }

    [Fact]
    public async Task Redirect_is_ignored_when_all_is_present()
    {
        var dns = Record("v=spf1 -all redirect=_spf.example.com").Txt("_spf.example.com", "v=spf1 +all");
        Assert.Equal(SpfResult.Fail, (await Check(dns, "192.0.2.7")).Result);
        Assert.DoesNotContain("TXT _spf.example.com", dns.Log);
    }

    [Fact]
    public async Task Redirect_to_a_domain_without_a_record_is_a_permerror()
        => Assert.Equal(SpfResult.PermError, (await Check(Record("v=spf1 redirect=none.example"), "192.0.2.7")).Result);

    [Fact]
    public async Task Redirect_changes_the_d_macro_to_the_target()
    {
        var dns = Record("v=spf1 redirect=target.example").Txt("target.example", "v=spf1 a:%{d} -all").A("target.example", "192.0.2.7");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "192.0.2.7")).Result);
    }

    // --- exp ---

    [Fact]
    public async Task Exp_is_expanded_on_fail_with_explanation_letters()
    {
        var dns = Record("v=spf1 -all exp=explain.%{d}")
            .Txt("explain.example.com", "%{i} (%{c}) is not allowed to send for %{d} as %{s}, says %{r} at %{t}");
        var options = new SpfEvaluatorOptions
        {
            Receiver = "mx.receiver.example",
            Time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)),
        };
        var result = await Check(dns, "192.0.2.1", options: options);
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal("192.0.2.1 (192.0.2.1) is not allowed to send for example.com as user@example.com, says mx.receiver.example at 1700000000",
            result.Explanation);
    }

    [Theory]
    [InlineData("v=spf1 ~all exp=explain.example.com")]
    [InlineData("v=spf1 ?all exp=explain.example.com")]
    [InlineData("v=spf1 +all exp=explain.example.com")]
    public async Task Exp_is_not_looked_up_unless_the_result_is_fail(string record)
    {
        var dns = Record(record).Txt("explain.example.com", "nope");
        Assert.Null((await Check(dns, "192.0.2.1")).Explanation);
        Assert.DoesNotContain("TXT explain.example.com", dns.Log);
    }

    [Theory]
    [InlineData("")]
    [InlineData("one|two")]
    [InlineData("bad %{x} macro")]
    public async Task Exp_with_no_single_valid_txt_record_gives_no_explanation_but_still_fails(string joined)
    {
        var texts = joined.Length == 0 ? [] : joined.Split('|');
        var dns = Record("v=spf1 -all exp=explain.example.com").Exists("explain.example.com");
        if (texts.Length > 0)
        {
            dns.Txt("explain.example.com", texts);
        }
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Null(result.Explanation);
    }

    [Fact]
    public async Task Exp_of_an_included_record_is_not_used()
    {
        var dns = Record("v=spf1 include:inc.example -all")
            .Txt("inc.example", "v=spf1 -all exp=e.inc.example").Txt("e.inc.example", "from the include");
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Null(result.Explanation);
    }

    [Fact]
    public async Task After_a_redirect_the_targets_exp_is_used_and_the_originals_is_not()
    {
        var dns = Record("v=spf1 redirect=target.example exp=e.example.com").Txt("e.example.com", "original")
            .Txt("target.example", "v=spf1 -all exp=e.target.example").Txt("e.target.example", "target says %{d}");
        Assert.Equal("target says target.example", (await Check(dns, "192.0.2.1")).Explanation);
    }

    [Fact]
    public async Task Exp_lookups_do_not_count_toward_the_dns_limit()
    {
        var dns = Record("v=spf1 -all exp=e.example.com").Txt("e.example.com", "no");
        Assert.Equal(0, (await Check(dns, "192.0.2.1")).DnsLookups);
    }

    // --- processing limits (RFC 7208 §4.6.4) ---

    private static InMemorySpfResolver Includes(int count)
    {
        var dns = Record("v=spf1 " + string.Join(' ', Enumerable.Range(1, count).Select(i => $"include:i{i}.example")) + " -all");
        for (int i = 1; i <= count; i++)
        {
            dns.Txt($"i{i}.example", "v=spf1 ?all");
        }
        return dns;
    }

    [Fact]
    public async Task Ten_dns_querying_terms_are_allowed()
    {
        var result = await Check(Includes(10), "192.0.2.1");
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(10, result.DnsLookups);
    }

    [Fact]
    public async Task The_eleventh_dns_querying_term_is_a_permerror()
    {
        var result = await Check(Includes(11), "192.0.2.1");
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Equal("include:i11.example", result.Mechanism);
    }

    [Fact]
    public async Task Terms_inside_includes_and_redirects_count_toward_the_same_limit()
    {
        var dns = Record("v=spf1 a a a a a include:inc.example -all")
            .Txt("inc.example", "v=spf1 mx mx redirect=r.example").Txt("r.example", "v=spf1 ip4:203.0.113.1 a:e.example ptr -all")
            .A("example.com", "198.51.100.1").A("e.example", "198.51.100.1")
            .Mx("inc.example", "mx.inc.example").A("mx.inc.example", "198.51.100.2");
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Equal(11, result.DnsLookups);
    }

    [Fact]
    public async Task Two_void_lookups_are_allowed_and_the_third_is_a_permerror()
    {
        var two = await Check(Record("v=spf1 a:v1.example.com exists:v2.example.com -all"), "192.0.2.1");
        Assert.Equal(SpfResult.Fail, two.Result);
        Assert.Equal(2, two.VoidLookups);

        var three = await Check(Record("v=spf1 a:v1.example.com mx:v2.example.com exists:v3.example.com -all").Exists("v3.example.com"), "192.0.2.1");
        Assert.Equal(SpfResult.PermError, three.Result);
        Assert.Contains("void", three.Problem);
    }

    [Fact]
    public async Task Limits_are_configurable()
    {
        var options = new SpfEvaluatorOptions { MaxDnsMechanisms = 2, MaxVoidLookups = 0 };
        Assert.Equal(SpfResult.PermError, (await Check(Includes(3), "192.0.2.1", options: options)).Result);
        Assert.Equal(SpfResult.PermError, (await Check(Record("v=spf1 a:v.example.com -all"), "192.0.2.1", options: options)).Result);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
