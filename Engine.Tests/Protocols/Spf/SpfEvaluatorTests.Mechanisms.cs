using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

public partial class SpfEvaluatorTests
{
    // --- a ---

    [Theory]
    [InlineData("v=spf1 a -all", "192.0.2.10", SpfResult.Pass)]
    [InlineData("v=spf1 a -all", "192.0.2.11", SpfResult.Fail)]
    [InlineData("v=spf1 a/24 -all", "192.0.2.99", SpfResult.Pass)]
    [InlineData("v=spf1 a:mail.example.com -all", "198.51.100.7", SpfResult.Pass)]
    [InlineData("v=spf1 a:mail.example.com/31 -all", "198.51.100.6", SpfResult.Pass)]
    [InlineData("v=spf1 a -all", "2001:db8::10", SpfResult.Pass)]
    [InlineData("v=spf1 a//64 -all", "2001:db8::abcd", SpfResult.Pass)]
    [InlineData("v=spf1 a/24 -all", "2001:db8::abcd", SpfResult.Fail)]
    [InlineData("v=spf1 a/0//0 -all", "2001:db8:9::1", SpfResult.Pass)]
    [InlineData("v=spf1 a:%{d} -all", "192.0.2.10", SpfResult.Pass)]
    [InlineData("v=spf1 a:no-such.example.com -all", "192.0.2.10", SpfResult.Fail)]
    public async Task A_mechanism_matches_the_client_family_with_dual_cidr(string record, string ip, SpfResult expected)
    {
        var dns = Record(record)
            .A("example.com", "192.0.2.10").Aaaa("example.com", "2001:db8::10")
            .A("mail.example.com", "198.51.100.7");
        Assert.Equal(expected, (await Check(dns, ip)).Result);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("::ffff:192.0.2.1")]
    public async Task A_and_mx_domains_may_hold_any_visible_character(string ip)
    {
        var dns = Record("v=spf1 a:foo:bar/baz.example.com mx:foo:bar/baz.example.net -all")
            .A("foo:bar/baz.example.com", "198.51.100.1")
            .Mx("foo:bar/baz.example.net", "mx.example.net").A("mx.example.net", "192.0.2.1");
        var result = await Check(dns, ip);
        Assert.Equal(SpfResult.Pass, result.Result);
        Assert.Equal("mx:foo:bar/baz.example.net", result.Mechanism);
    }

    [Fact]
    public async Task A_mechanism_with_a_failing_lookup_is_a_temperror()
    {
        var dns = Record("v=spf1 a:broken.example.com -all").Failing("broken.example.com", DnsLookupStatus.ServFail);
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.TempError, result.Result);
        Assert.Equal("a:broken.example.com", result.Mechanism);
    }

    [Fact]
    public async Task A_mechanism_expanding_to_a_malformed_name_does_not_match()
        => Assert.Equal(SpfResult.Fail, (await Check(Record("v=spf1 a:%{l}..example.com -all"), "192.0.2.1")).Result);

    // --- mx ---

    [Theory]
    [InlineData("v=spf1 mx -all", "192.0.2.20", SpfResult.Pass)]
    [InlineData("v=spf1 mx -all", "192.0.2.21", SpfResult.Pass)]
    [InlineData("v=spf1 mx -all", "192.0.2.22", SpfResult.Fail)]
    [InlineData("v=spf1 mx/30 -all", "192.0.2.22", SpfResult.Pass)]
    [InlineData("v=spf1 mx -all", "2001:db8::20", SpfResult.Pass)]
    [InlineData("v=spf1 mx//120 -all", "2001:db8::ff", SpfResult.Pass)]
    [InlineData("v=spf1 mx:other.example.com -all", "198.51.100.30", SpfResult.Pass)]
    public async Task Mx_mechanism_matches_addresses_of_the_exchanges(string record, string ip, SpfResult expected)
    {
        var dns = Record(record)
            .Mx("example.com", "mx1.example.com", "mx2.example.com.")
            .A("mx1.example.com", "192.0.2.20").A("mx2.example.com", "192.0.2.21").Aaaa("mx2.example.com", "2001:db8::20")
            .Mx("other.example.com", "mx.other.example.com").A("mx.other.example.com", "198.51.100.30");
        Assert.Equal(expected, (await Check(dns, ip)).Result);
    }

    [Fact]
    public async Task Mx_with_more_than_ten_exchanges_is_a_permerror()
    {
        var dns = Record("v=spf1 mx -all").Mx("example.com", Enumerable.Range(1, 11).Select(i => $"mx{i}.example.com").ToArray());
        var result = await Check(dns, "192.0.2.1");
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.Contains("MX", result.Problem);
    }

    [Fact]
    public async Task Mx_with_ten_exchanges_is_evaluated()
    {
        var dns = Record("v=spf1 mx -all").Mx("example.com", Enumerable.Range(1, 10).Select(i => $"mx{i}.example.com").ToArray())
            .A("mx10.example.com", "192.0.2.1");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "192.0.2.1")).Result);
    }

    [Fact]
    public async Task Mx_lookup_failure_is_a_temperror_and_a_null_mx_matches_nothing()
    {
        Assert.Equal(SpfResult.TempError,
            (await Check(Record("v=spf1 mx -all").Failing("example.com", DnsLookupStatus.Timeout), "192.0.2.1")).Result);
        Assert.Equal(SpfResult.Fail, (await Check(Record("v=spf1 mx -all").Mx("example.com", "."), "192.0.2.1")).Result);
    }

    [Fact]
    public async Task Mx_exchange_whose_address_lookup_fails_is_a_temperror()
    {
        var dns = Record("v=spf1 mx -all").Mx("example.com", "mx1.example.com").Failing("mx1.example.com", DnsLookupStatus.ServFail);
        Assert.Equal(SpfResult.TempError, (await Check(dns, "192.0.2.1")).Result);
    }

    // --- ptr ---

    private static InMemorySpfResolver PtrZone(string record) => Record(record)
        .Ptr("192.0.2.50", "mail.example.com", "forged.example.com", "host.other.example")
        .A("mail.example.com", "192.0.2.50")
        .A("forged.example.com", "198.51.100.1")
        .A("host.other.example", "192.0.2.50");

    [Theory]
    [InlineData("v=spf1 ptr -all", SpfResult.Pass)]
    [InlineData("v=spf1 ptr:example.com -all", SpfResult.Pass)]
    [InlineData("v=spf1 ptr:other.example -all", SpfResult.Pass)]
    [InlineData("v=spf1 ptr:mail.example.com -all", SpfResult.Pass)]
    [InlineData("v=spf1 ptr:forged.example.com -all", SpfResult.Fail)]
    [InlineData("v=spf1 ptr:xample.com -all", SpfResult.Fail)]
    public async Task Ptr_mechanism_matches_only_validated_names_under_the_domain(string record, SpfResult expected)
        => Assert.Equal(expected, (await Check(PtrZone(record), "192.0.2.50")).Result);

    [Fact]
    public async Task Ptr_lookup_failure_is_no_match_rather_than_an_error()
    {
        var dns = Record("v=spf1 ptr -all").Failing("192.0.2.50", DnsLookupStatus.ServFail);
        Assert.Equal(SpfResult.Fail, (await Check(dns, "192.0.2.50")).Result);
    }

    [Fact]
    public async Task Ptr_looks_at_no_more_than_ten_names()
    {
        var names = Enumerable.Range(1, 11).Select(i => $"h{i}.example.com").ToArray();
        var dns = Record("v=spf1 ptr -all").Ptr("192.0.2.50", names).A("h11.example.com", "192.0.2.50");
        Assert.Equal(SpfResult.Fail, (await Check(dns, "192.0.2.50")).Result);
        Assert.DoesNotContain("A h11.example.com", dns.Log);
    }

    [Fact]
    public async Task Ptr_for_an_ipv6_client_validates_with_aaaa()
    {
        var dns = Record("v=spf1 ptr -all").Ptr("2001:db8::50", "v6.example.com").Aaaa("v6.example.com", "2001:db8::50");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "2001:db8::50")).Result);
    }

    // --- exists ---

    [Fact]
    public async Task Exists_matches_any_a_record_of_the_expanded_name()
    {
        var dns = Record("v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all").A("1.2.0.192.user._spf.example.com", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "192.0.2.1")).Result);
        Assert.Equal(SpfResult.Fail, (await Check(dns, "192.0.2.2")).Result);
    }

    [Fact]
    public async Task Exists_asks_for_a_records_even_for_an_ipv6_client()
    {
        var dns = Record("v=spf1 exists:%{v}.example.com -all").A("ip6.example.com", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "2001:db8::1")).Result);
        Assert.Contains("A ip6.example.com", dns.Log);
    }

    [Fact]
    public async Task Exists_with_a_failing_lookup_is_a_temperror()
    {
        var dns = Record("v=spf1 exists:x.example.com -all").Failing("x.example.com", DnsLookupStatus.Timeout);
        Assert.Equal(SpfResult.TempError, (await Check(dns, "192.0.2.1")).Result);
    }

    [Fact]
    public async Task An_empty_local_part_is_postmaster()
    {
        var dns = Record("v=spf1 exists:%{l}.x.example.com -all").A("postmaster.x.example.com", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "192.0.2.1", sender: "@example.com")).Result);
        Assert.Equal(SpfResult.Pass, (await Check(dns, "192.0.2.1", sender: "example.com")).Result);
    }

    [Fact]
    public async Task P_macro_expands_to_the_validated_name_or_unknown()
    {
        var dns = PtrZone("v=spf1 exists:%{p}.p.example.com -all").A("mail.example.com.p.example.com", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(dns, "192.0.2.50")).Result);
        var none = Record("v=spf1 exists:%{p}.p.example.com -all").A("unknown.p.example.com", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(none, "192.0.2.77")).Result);
    }

    [Fact]
    public async Task An_expanded_name_longer_than_253_characters_is_cut_from_the_left()
    {
        var local = string.Join('.', Enumerable.Repeat(new string('x', 60), 5));
        var dns = Record("v=spf1 exists:%{l}.example.com -all");
        await Check(dns, "192.0.2.1", sender: local + "@example.com");
        var query = dns.Log.Single(q => q.StartsWith("A ", StringComparison.Ordinal))[2..];
        Assert.True(query.Length <= 253, query);
        Assert.EndsWith(".example.com", query);
    }
}
