using System.Net;
using Sift.Engine.Interpreters;
using Sift.Engine.Results;
using Sift.Engine.Tests.Protocols.Dns;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Engine.Tests.Engine.Interpreters;

/// <summary>Interpretation of the DNS checks, end to end against the test zones.</summary>
public class DnsInterpretationTests
{
    private static async Task<Interpreted<BlocklistInterpretation>> Dnsbl(string ip)
    {
        using var client = DnsClientTests.NewClient();
        return BlocklistInterpreter.Interpret(await BlocklistLookup.DnsblAsync(client, IPAddress.Parse(ip), "bl.dns.test"), "bl.dns.test");
    }

    [Fact]
    public async Task Dnsbl_listing_has_codes_and_the_txt_reason()
    {
        var r = await Dnsbl("192.0.2.10");
        Assert.Equal(CheckStatus.Answered, r.Status);
        Assert.True(r.Hit);
        Assert.Equal(2, r.Value!.Codes.Count);
        Assert.Equal("Listed: see https://bl.dns.test/192.0.2.10", r.Value.Reason);
    }

    [Fact]
    public async Task Dnsbl_listing_without_txt_gets_a_generic_reason()
    {
        var r = await Dnsbl("192.0.2.11");
        Assert.True(r.Hit);
        Assert.Equal("listed in bl.dns.test (127.0.0.3)", r.Value!.Reason);
    }

    [Fact]
    public async Task Dnsbl_nxdomain_is_answered_not_listed()
    {
        var r = await Dnsbl("192.0.2.200");
        Assert.Equal(CheckStatus.Answered, r.Status);
        Assert.False(r.Hit);
        Assert.Null(r.Value!.Reason);
    }

    [Fact]
    public async Task Dnsbl_answer_outside_127_8_is_an_error_not_a_listing()
    {
        var r = await Dnsbl("192.0.2.77");
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.False(r.Hit);
        Assert.Contains("outside 127.0.0.0/8", r.Error);
    }

    [Fact]
    public async Task Dnsbl_127_255_255_x_you_are_querying_wrongly_is_an_error()
    {
        var r = await Dnsbl("192.0.2.66");
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.False(r.Hit);
        Assert.Contains("refuses the query", r.Error);
    }

    [Fact]
    public void Dnsbl_timeout_and_servfail_are_not_listings()
    {
        var timeout = BlocklistInterpreter.Interpret(new BlocklistAnswer("x.bl", DnsQueryStatus.TimedOut, 0, [], [], "no answer"), "bl");
        Assert.Equal(CheckStatus.TimedOut, timeout.Status);
        var servfail = BlocklistInterpreter.Interpret(new BlocklistAnswer("x.bl", DnsQueryStatus.Answered, DnsResponseCode.ServFail, [], [], null), "bl");
        Assert.Equal(CheckStatus.Error, servfail.Status);
        Assert.False(servfail.Hit);
    }

    [Fact]
    public async Task Rhsbl_and_hashbl_listings_are_hits()
    {
        using var client = DnsClientTests.NewClient();
        var rhs = BlocklistInterpreter.Interpret(await BlocklistLookup.RhsblAsync(client, "spammer.example", "rhs.dns.test"), "rhs.dns.test");
        Assert.True(rhs.Hit);
        Assert.Equal("spammer.example is a spam source", rhs.Value!.Reason);
        var hash = BlocklistInterpreter.Interpret(await BlocklistLookup.HashblAsync(client, "spammer@example.test", "hash.dns.test", HashKind.Md5), "hash.dns.test");
        Assert.True(hash.Hit);
        Assert.Equal("md5 listed", hash.Value!.Reason);
        var clean = BlocklistInterpreter.Interpret(await BlocklistLookup.HashblAsync(client, "friend@example.test", "hash.dns.test", HashKind.Md5), "hash.dns.test");
        Assert.False(clean.Hit);
    }

    private static async Task<Interpreted<RdnsInterpretation>> Rdns(string ip)
    {
        using var client = DnsClientTests.NewClient();
        return RdnsInterpreter.Interpret(await RdnsLookup.QueryAsync(client, IPAddress.Parse(ip)));
    }

    [Fact]
    public async Task Rdns_that_confirms_is_not_a_hit()
    {
        var r = await Rdns("192.0.2.25");
        Assert.Equal(new RdnsInterpretation(true, "mail.good.dns.test", true, false, null), r.Value);
        Assert.False(r.Hit);
    }

    [Fact]
    public async Task Rdns_that_does_not_resolve_back_is_a_hit()
    {
        var r = await Rdns("192.0.2.26");
        Assert.True(r.Value!.HasRdns);
        Assert.False(r.Value.Fcrdns);
        Assert.True(r.Hit);
        Assert.Contains("does not resolve back", r.Value.Reason);
    }

    [Fact]
    public async Task Rdns_of_a_dynamic_pool_is_a_hit_even_when_confirmed()
    {
        var r = await Rdns("192.0.2.27");
        Assert.True(r.Value!.Fcrdns);
        Assert.True(r.Value.Dynamic);
        Assert.True(r.Hit);
    }

    [Fact]
    public async Task No_rdns_at_all_is_a_hit()
    {
        var r = await Rdns("192.0.2.28");
        Assert.False(r.Value!.HasRdns);
        Assert.True(r.Hit);
        Assert.Contains("no reverse DNS", r.Value.Reason);
    }

    private static async Task<Interpreted<SpfTxtInterpretation>> Spf(string domain)
    {
        using var client = DnsClientTests.NewClient();
        return SpfTxtInterpreter.Interpret(await SpfTxtLookup.QueryAsync(client, domain));
    }

    [Fact]
    public async Task One_spf_record_is_has_spf_with_the_record()
    {
        var r = await Spf("spf.dns.test");
        Assert.Equal(new SpfTxtInterpretation(true, "v=spf1 ip4:192.0.2.0/24 -all", null), r.Value);
    }

    [Fact]
    public async Task No_spf_record_is_a_hit_with_a_reason()
    {
        var r = await Spf("nospf.dns.test");
        Assert.False(r.Value!.HasSpf);
        Assert.True(r.Hit);
        var nx = await Spf("missing.dns.test");
        Assert.False(nx.Value!.HasSpf);
    }

    [Fact]
    public async Task Two_spf_records_is_an_error()
    {
        var r = await Spf("double-spf.dns.test");
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("2 SPF records", r.Error);
    }
}
