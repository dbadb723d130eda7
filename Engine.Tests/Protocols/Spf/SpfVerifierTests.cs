using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

public class SpfVerifierTests
{
    private static readonly InMemorySpfResolver Zone = new InMemorySpfResolver()
        .Txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all exp=why.example.com")
        .Txt("why.example.com", "%{i} may not send mail for %{d}")
        .Txt("mail.example.net", "v=spf1 a -all")
        .A("mail.example.net", "192.0.2.25")
        .Txt("soft.example", "v=spf1 ~all");

    private static SpfVerifier Verifier => new(Zone, new SpfEvaluatorOptions { Receiver = "mx.receiver.example" });

    [Fact]
    public async Task Returns_the_md_spf_verify_shape_for_both_identities()
    {
        var v = await Verifier.SpfVerifyAsync("<user@example.com>", "192.0.2.25", "mail.example.net");
        Assert.Equal(("pass", "pass"), (v.Code, v.HeloCode));
        Assert.Equal("domain of user@example.com designates 192.0.2.25 as permitted sender", v.Explanation);
        Assert.Equal("v=spf1 ip4:192.0.2.0/24 -all exp=why.example.com", v.Record);
        Assert.Equal("v=spf1 a -all", v.HeloRecord);
        Assert.Equal("mailfrom", v.Identity);
    }

    [Fact]
    public async Task A_fail_explains_with_the_domains_exp_text()
    {
        var v = await Verifier.SpfVerifyAsync("user@example.com", "203.0.113.5", "mail.example.net");
        Assert.Equal("fail", v.Code);
        Assert.Equal("203.0.113.5 may not send mail for example.com", v.Explanation);
        Assert.Equal("fail", v.HeloCode);
    }

    [Fact]
    public async Task An_empty_mail_from_checks_postmaster_at_the_helo_name()
    {
        var v = await Verifier.SpfVerifyAsync("<>", "192.0.2.25", "mail.example.net");
        Assert.Equal("pass", v.Code);
        Assert.Equal("helo", v.Identity);
        Assert.Equal("postmaster@mail.example.net", v.Sender);
        Assert.Equal("mail.example.net", v.Domain);
        Assert.Equal("spf=pass smtp.helo=mail.example.net", v.AuthenticationResultsMethod);
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("")]
    [InlineData("999.1.1.1")]
    public async Task An_unusable_client_address_is_invalid_without_lookups(string ip)
    {
        var dns = new InMemorySpfResolver();
        var v = await new SpfVerifier(dns).SpfVerifyAsync("user@example.com", ip, "mail.example.net");
        Assert.Equal("invalid", v.Code);
        Assert.Equal(0, dns.Queries);
    }

    [Fact]
    public async Task No_mail_from_and_no_helo_is_invalid()
        => Assert.Equal("invalid", (await Verifier.SpfVerifyAsync("", "192.0.2.25")).Code);

    [Theory]
    [InlineData("A2345678")]
    [InlineData("[192.0.2.25]")]
    public async Task A_bounce_with_an_unusable_helo_name_is_none_without_lookups(string helo)
    {
        var dns = new InMemorySpfResolver();
        var v = await new SpfVerifier(dns).SpfVerifyAsync(null, "192.0.2.25", helo);
        Assert.Equal(("none", "helo"), (v.Code, v.Identity));
        Assert.Equal(0, dns.Queries);
    }

    [Fact]
    public async Task A_mail_from_domain_literal_is_none_without_lookups()
    {
        var dns = new InMemorySpfResolver();
        var v = await new SpfVerifier(dns).SpfVerifyAsync("foo@[192.0.2.5]", "192.0.2.5", "OEMCOMPUTER");
        Assert.Equal("none", v.Code);
        Assert.Null(v.HeloCode);
        Assert.Equal(0, dns.Queries);
    }

    [Fact]
    public async Task A_helo_that_is_an_address_literal_is_not_checked()
    {
        var v = await Verifier.SpfVerifyAsync("user@example.com", "192.0.2.25", "[192.0.2.25]");
        Assert.Equal("pass", v.Code);
        Assert.Null(v.HeloCode);
    }

    [Fact]
    public async Task Authentication_results_name_the_mail_from_domain()
    {
        var v = await Verifier.SpfVerifyAsync("user@soft.example", "192.0.2.25");
        Assert.Equal("spf=softfail smtp.mailfrom=soft.example", v.AuthenticationResultsMethod);
        Assert.Equal("mx.receiver.example; spf=softfail smtp.mailfrom=soft.example", v.AuthenticationResults("mx.receiver.example"));
    }

    [Fact]
    public async Task Received_spf_carries_the_comment_and_the_rfc_7208_keys()
    {
        var v = await Verifier.SpfVerifyAsync("user@example.com", "192.0.2.25", "mail.example.net");
        Assert.Equal(
            "pass (mx.receiver.example: domain of user@example.com designates 192.0.2.25 as permitted sender) "
            + "receiver=mx.receiver.example; client-ip=192.0.2.25; envelope-from=\"user@example.com\"; helo=mail.example.net; "
            + "mechanism=\"ip4:192.0.2.0/24\"; identity=mailfrom;",
            v.ReceivedSpf("mx.receiver.example"));
    }

    [Fact]
    public async Task Received_spf_escapes_comment_parentheses_and_reports_the_problem()
    {
        var dns = new InMemorySpfResolver().Txt("bad.example", "v=spf1 a:(x) -all");
        var v = await new SpfVerifier(dns).SpfVerifyAsync("a\"b@bad.example", "2001:db8::1");
        var header = v.ReceivedSpf("mx");
        Assert.StartsWith("permerror (mx: permanent error in the SPF records of a\"b@bad.example: syntax error", header);
        Assert.Contains("\\(x\\)", header);
        Assert.Contains("client-ip=\"2001:db8::1\"", header);
        Assert.Contains("envelope-from=\"a\\\"b@bad.example\"", header);
        Assert.Contains("problem=\"syntax error", header);
    }
}
