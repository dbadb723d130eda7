using System.Net;
using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

/// <summary>check_host() scenarios, grouped as the RFC 7208 test suite groups them.</summary>
public partial class SpfEvaluatorTests
{
    internal static Task<SpfCheckResult> Check(
        InMemorySpfResolver dns, string ip, string domain = "example.com", string? sender = null,
        SpfEvaluatorOptions? options = null, CancellationToken token = default)
        => new SpfEvaluator(dns, options ?? new SpfEvaluatorOptions { Receiver = "mx.receiver.example" })
            .CheckHostAsync(IPAddress.Parse(ip), domain, sender ?? "user@" + domain, "helo.example.net", token).AsTask();

    private static InMemorySpfResolver Record(string text, string domain = "example.com")
        => new InMemorySpfResolver().Txt(domain, text);

    // --- record lookup and selection (RFC 7208 §4.3–§4.5) ---

    [Theory]
    [InlineData("v=spf1 +all", SpfResult.Pass)]
    [InlineData("v=spf1 all", SpfResult.Pass)]
    [InlineData("v=spf1 -all", SpfResult.Fail)]
    [InlineData("v=spf1 ~all", SpfResult.SoftFail)]
    [InlineData("v=spf1 ?all", SpfResult.Neutral)]
    [InlineData("v=spf1", SpfResult.Neutral)]
    [InlineData("v=spf1 ip4:198.51.100.1", SpfResult.Neutral)]
    [InlineData("V=SPF1 -ALL", SpfResult.Fail)]
    public async Task Each_qualifier_yields_its_result_and_no_match_is_neutral(string record, SpfResult expected)
    {
        var result = await Check(Record(record), "192.0.2.1");
        Assert.Equal(expected, result.Result);
        Assert.Equal(record, result.Record);
    }

    [Fact]
    public async Task A_domain_without_any_record_is_none()
        => Assert.Equal(SpfResult.None, (await Check(new InMemorySpfResolver(), "192.0.2.1")).Result);

    [Fact]
    public async Task A_domain_with_only_other_txt_records_is_none()
    {
        var dns = new InMemorySpfResolver().Txt("example.com", "google-site-verification=abc", "v=spf10 -all", "spf2.0/pra -all");
        Assert.Equal(SpfResult.None, (await Check(dns, "192.0.2.1")).Result);
    }

    [Fact]
    public async Task Two_spf1_records_are_a_permerror()
    {
        var dns = new InMemorySpfResolver().Txt("example.com", "v=spf1 +all", "v=spf1 -all");
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("more than one", result.Problem);
    }

    [Theory]
    [InlineData(DnsLookupStatus.ServFail)]
    [InlineData(DnsLookupStatus.Timeout)]
    [InlineData(DnsLookupStatus.Error)]
    public async Task A_failing_txt_lookup_is_a_temperror(DnsLookupStatus status)
    {
        var dns = new InMemorySpfResolver().Failing("example.com", status);
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.TempError, result.Result);
        Assert.Contains(status.ToString(), result.Problem);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("a..example.com")]
    [InlineData(".example.com")]
    [InlineData("")]
    public async Task An_invalid_or_single_label_domain_is_none_without_any_lookup(string domain)
    {
        var dns = Record("v=spf1 -all", "localhost");
        Assert.Equal(SpfResult.None, (await Check(dns, "192.0.2.1", domain, "user@example.com")).Result);
        Assert.Equal(0, dns.Queries);
    }

    [Fact]
    public async Task A_label_longer_than_63_characters_is_none()
    {
        var domain = new string('a', 64) + ".example.com";
        Assert.Equal(SpfResult.None, (await Check(Record("v=spf1 -all", domain), "192.0.2.1", domain)).Result);
    }

    [Fact]
    public async Task A_trailing_dot_on_the_domain_is_ignored()
        => Assert.Equal(SpfResult.Fail, (await Check(Record("v=spf1 -all"), "192.0.2.1", "example.com.")).Result);

    [Fact]
    public async Task A_syntax_error_is_a_permerror_that_keeps_the_record_text()
    {
        var result = await Check(Record("v=spf1 ip4:192.0.2.300 -all"), "192.0.2.1");
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Equal("v=spf1 ip4:192.0.2.300 -all", result.Record);
        Assert.Contains("syntax", result.Problem);
    }

    [Fact]
    public async Task A_syntax_error_after_a_matching_mechanism_is_still_a_permerror()
        => Assert.Equal(SpfResult.PermError, (await Check(Record("v=spf1 +all badmech"), "192.0.2.1")).Result);

    [Fact]
    public async Task Cancellation_stops_the_evaluation_with_an_exception()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Check(Record("v=spf1 -all"), "192.0.2.1", token: cts.Token));
    }

    // --- ip4 / ip6 ---

    [Theory]
    [InlineData("v=spf1 ip4:192.0.2.1 -all", "192.0.2.1", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.0/24 -all", "192.0.2.200", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.0/25 -all", "192.0.2.200", SpfResult.Fail)]
    [InlineData("v=spf1 ip4:0.0.0.0/0 -all", "203.0.113.9", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.1 -all", "::ffff:192.0.2.1", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.1 -all", "2001:db8::1", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:2001:db8::/32 -all", "2001:db8:ffff::1", SpfResult.Pass)]
    [InlineData("v=spf1 ip6:2001:db8::/48 -all", "2001:db8:1::1", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:2001:db8::1 -all", "2001:db8::1", SpfResult.Pass)]
    [InlineData("v=spf1 ip6:::/0 -all", "192.0.2.1", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:::ffff:192.0.2.1 -all", "192.0.2.1", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:::/0", "::ffff:192.0.2.1", SpfResult.Neutral)]
    [InlineData("v=spf1 -ip4:192.0.2.1 ip6:::ffff:192.0.2.1", "::ffff:192.0.2.1", SpfResult.Fail)]
    [InlineData("v=spf1 ?ip4:192.0.2.1 -all", "192.0.2.1", SpfResult.Neutral)]
    [InlineData("v=spf1 ~ip6:2001:db8::/32 -all", "2001:db8::5", SpfResult.SoftFail)]
    public async Task Ip_mechanisms_match_their_network_and_family(string record, string ip, SpfResult expected)
        => Assert.Equal(expected, (await Check(Record(record), ip)).Result);

    [Fact]
    public async Task Ip_mechanisms_need_no_dns_and_do_not_count_toward_the_limit()
    {
        var dns = Record("v=spf1 " + string.Join(' ', Enumerable.Range(1, 30).Select(i => $"ip4:198.51.100.{i}")) + " -all");
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(0, result.DnsLookups);
        Assert.Equal(1, dns.Queries);
    }
}
