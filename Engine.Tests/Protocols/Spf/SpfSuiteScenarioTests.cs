using System.Net;
using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

/// <summary>
/// Behaviours the RFC 7208 test suite (pyspf's rfc7208-tests.yml) singles out, rebuilt as our
/// own zone: macro corner cases in exp= and domain-specs, and the exact edges of the limits.
/// </summary>
public class SpfSuiteScenarioTests
{
    private static readonly InMemorySpfResolver Zone = new InMemorySpfResolver()
        // an uppercase macro URL-escapes, in a domain-spec and in the explanation text
        .Txt("upper.example", "v=spf1 -all exp=msg.%{D2}").Txt("msg.upper.example", "see https://upper.example/why?l=%{L}")
        // the explanation keeps its trailing dot; the exp domain loses it
        .Txt("dot.example", "v=spf1 exp=msg.dot.example. -all").Txt("msg.dot.example", "This is a test.")
        // spaces in a local-part survive into the explanation
        .Txt("space.example", "v=spf1 -all exp=msg.space.example").Txt("msg.space.example", "%{l} in implementation")
        // %%, %_ and %- build a name with a percent sign and spaces
        .Txt("mania.example", "v=spf1 a:macro%%percent%_%_space%-url-space.example -all")
        .A("macro%percent  space%20url-space.example", "192.0.2.1")
        // an exp= name longer than 253 characters after expansion is cut from the left
        .Txt("somewhat.long.exp.example.net", "v=spf1 -all exp=foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example")
        .Txt(string.Join('.', Enumerable.Repeat("somewhat.long.exp.example.net", 8)) + ".example", "Congratulations! That was tricky.")
        // %{p} prefers a validated name under the current domain
        .Txt("p.example", "v=spf1 exists:%{p}.should.example ~exists:%{p}.ok.example")
        .Ptr("192.0.2.42", "mx.example.net", "mx.p.example")
        .A("mx.example.net", "192.0.2.42").A("mx.p.example", "192.0.2.42")
        .A("mx.p.example.should.example", "127.0.0.2")
        // ten DNS terms exactly, then one more
        .Txt("at-limit.example", "v=spf1 a include:inc.example ip4:192.0.2.4 mx -all")
        .Txt("over-limit.example", "v=spf1 a include:inc.example a ip4:192.0.2.4 -all")
        .A("at-limit.example", "198.51.100.1").A("over-limit.example", "198.51.100.1")
        .Mx("at-limit.example", "mx.at-limit.example").A("mx.at-limit.example", "198.51.100.2")
        .Txt("inc.example", "v=spf1 a a a a a a a a").A("inc.example", "198.51.100.3")
        // an A RRset of any size is fine
        .Txt("many-a.example", "v=spf1 a -all")
        .A("many-a.example", Enumerable.Range(1, 12).Select(i => $"192.0.2.{i}").ToArray());

    private static Task<SpfCheckResult> Check(string sender, string ip, string helo = "mail.example.org")
    {
        int at = sender.LastIndexOf('@');
        return new SpfEvaluator(Zone).CheckHostAsync(IPAddress.Parse(ip), sender[(at + 1)..], sender, helo).AsTask();
    }

    [Fact]
    public async Task Upper_case_macros_are_url_escaped_in_explanations()
    {
        var result = await Check("jack&jill=up@upper.example", "192.0.2.1");
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal("see https://upper.example/why?l=jack%26jill%3Dup", result.Explanation);
    }

    [Fact]
    public async Task The_explanation_text_keeps_its_trailing_dot()
        => Assert.Equal("This is a test.", (await Check("test@dot.example", "192.0.2.1")).Explanation);

    [Fact]
    public async Task A_local_part_with_a_space_expands_into_the_explanation()
        => Assert.Equal("Macro Error in implementation", (await Check("Macro Error@space.example", "192.0.2.1")).Explanation);

    [Fact]
    public async Task Percent_space_and_url_space_macros_build_the_looked_up_name()
        => Assert.Equal(SpfResult.Pass, (await Check("test@mania.example", "192.0.2.1")).Result);

    [Fact]
    public async Task An_exp_name_over_253_characters_is_truncated_from_the_left()
        => Assert.Equal("Congratulations! That was tricky.", (await Check("test@somewhat.long.exp.example.net", "192.0.2.1")).Explanation);

    [Fact]
    public async Task P_macro_prefers_the_validated_name_under_the_domain()
        => Assert.Equal(SpfResult.Pass, (await Check("test@p.example", "192.0.2.42")).Result);

    [Fact]
    public async Task Ten_terms_across_an_include_are_allowed_and_eleven_are_not()
    {
        var at = await Check("foo@at-limit.example", "192.0.2.4");
        Assert.Equal((SpfResult.Pass, 10), (at.Result, at.DnsLookups));
        var over = await Check("foo@over-limit.example", "192.0.2.4");
        Assert.Equal(SpfResult.PermError, over.Result);
    }

    [Fact]
    public async Task An_a_mechanism_has_no_limit_on_the_addresses_it_returns()
        => Assert.Equal(SpfResult.Pass, (await Check("foo@many-a.example", "192.0.2.12")).Result);
}
