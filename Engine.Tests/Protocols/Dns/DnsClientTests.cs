using System.Net;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Dns;

namespace Sift.Engine.Tests.Protocols.Dns;

/// <summary>The client against the real unbound started by test-env/servers/dns.sh.</summary>
public class DnsClientTests
{
    internal static DnsClient NewClient(int cacheEntries = 1000) => new(DnsClientOptions.ForServers(TestEnv.Require("SIFT_TEST_DNS")) with
    {
        Timeout = TimeSpan.FromSeconds(2),
        CacheEntries = cacheEntries,
    });

    [Fact]
    public async Task A_records_come_back_typed()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("www.dns.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.Answered, r.Status);
        Assert.Equal(DnsResponseCode.NoError, r.ResponseCode);
        Assert.Equal(["192.0.2.80", "192.0.2.81"], r.Records<ARecord>().Select(a => a.Address.ToString()).Order());
    }

    [Fact]
    public async Task Aaaa_mx_ns_and_soa_records_are_read()
    {
        using var client = NewClient();
        var aaaa = await client.QueryAsync("www.dns.test", DnsRecordType.AAAA);
        Assert.Equal(IPAddress.Parse("2001:db8::80"), Assert.Single(aaaa.Records<AaaaRecord>()).Address);
        var mx = await client.QueryAsync("dns.test", DnsRecordType.MX);
        Assert.Equal([(10, "mx1.dns.test"), (20, "mx2.dns.test")], mx.Records<MxRecord>().Select(m => ((int)m.Preference, m.Exchange)).Order());
        var ns = await client.QueryAsync("dns.test", DnsRecordType.NS);
        Assert.Equal("ns1.dns.test", Assert.Single(ns.Records<NsRecord>()).Host);
        var soa = await client.QueryAsync("dns.test", DnsRecordType.SOA);
        Assert.Equal(2026112201u, Assert.Single(soa.Records<SoaRecord>()).Serial);
    }

    [Fact]
    public async Task A_txt_record_keeps_its_several_strings()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("multi.dns.test", DnsRecordType.TXT);
        var txt = Assert.Single(r.Records<TxtRecord>());
        Assert.Equal(["part one", "part two"], txt.Strings);
    }

    [Fact]
    public async Task A_cname_chain_is_followed_to_the_address()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("a.chain.dns.test", DnsRecordType.A);
        Assert.True(r.IsSuccess);
        Assert.Equal(["b.chain.dns.test", "c.chain.dns.test"], r.Records<CnameRecord>().Select(c => c.Target));
        Assert.Equal(IPAddress.Parse("192.0.2.99"), Assert.Single(r.Records<ARecord>()).Address);
    }

    [Fact]
    public async Task A_txt_answer_too_large_for_udp_is_fetched_over_tcp()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("big.dns.test", DnsRecordType.TXT);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.True(r.ViaTcp);
        Assert.Equal(7, r.Records<TxtRecord>().Count());
        Assert.Equal(1, client.Counters.Tcp);
    }

    [Fact]
    public async Task Nxdomain_is_an_answer_with_the_authority_soa_and_is_cached_negatively()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("missing.bl.dns.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.Answered, r.Status);
        Assert.Equal(DnsResponseCode.NXDomain, r.ResponseCode);
        Assert.True(r.IsNegative);
        Assert.Equal(60u, r.AuthoritySoa!.Minimum);
        var again = await client.QueryAsync("missing.bl.dns.test", DnsRecordType.A);
        Assert.True(again.FromCache);
        Assert.Equal(DnsResponseCode.NXDomain, again.ResponseCode);
        Assert.Equal(1, client.Counters.Sent);
    }

    [Fact]
    public async Task Nodata_is_a_negative_answer_with_noerror()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("ns1.dns.test", DnsRecordType.MX);
        Assert.Equal(DnsResponseCode.NoError, r.ResponseCode);
        Assert.True(r.IsNegative);
        Assert.Empty(r.Answers);
    }

    [Fact]
    public async Task A_unicode_name_is_sent_as_punycode()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("bücher.dns.test", DnsRecordType.A);
        Assert.Equal("xn--bcher-kva.dns.test", r.Question.Name);
        Assert.Equal(IPAddress.Parse("192.0.2.77"), Assert.Single(r.Records<ARecord>()).Address);
    }

    [Fact]
    public async Task An_invalid_name_is_refused_without_sending_anything()
    {
        using var client = NewClient();
        var r = await client.QueryAsync("a..b.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.InvalidName, r.Status);
        Assert.Equal(0, client.Counters.Sent);
    }

    [Fact]
    public async Task Identical_lookups_in_flight_share_one_packet()
    {
        // A server that never answers keeps the first query in flight while the other 49 join it.
        using var silent = new Sift.Engine.Tests.Fakes.FakeDnsServer((_, _) => []);
        using var client = new DnsClient(new DnsClientOptions { Servers = [silent.EndPoint], Timeout = TimeSpan.FromMilliseconds(300), Attempts = 1 });
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.QueryAsync("www.dns.test", DnsRecordType.A).AsTask()));
        Assert.All(results, r => Assert.Equal(DnsQueryStatus.TimedOut, r.Status));
        Assert.Equal(1, silent.Queries);
        Assert.Equal(1, client.Counters.Sent);
        Assert.Equal(49, client.Counters.MergedLookups);
    }

    [Fact]
    public async Task Thousands_of_distinct_lookups_in_flight_all_get_their_own_answer()
    {
        using var client = NewClient(cacheEntries: 0);
        var lookups = Enumerable.Range(0, 3000)
            .Select(i => client.QueryAsync($"q{i}.bl.dns.test", DnsRecordType.A).AsTask()).ToArray();
        var results = await Task.WhenAll(lookups);
        Assert.All(results, r => Assert.Equal(DnsResponseCode.NXDomain, r.ResponseCode));
        Assert.Equal(3000, results.Select(r => r.Question.Name).Distinct().Count());
        Assert.Equal(0, client.Counters.Dropped);
    }

    [Fact]
    public async Task An_ipv6_nameserver_on_loopback_answers()
    {
        var v6 = TestEnv.Require("SIFT_TEST_DNS6");
        using var client = new DnsClient(DnsClientOptions.ForServers(v6));
        var r = await client.QueryAsync("www.dns.test", DnsRecordType.AAAA);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal(IPAddress.IPv6Loopback, r.Server!.Address);
        Assert.Equal(IPAddress.Parse("2001:db8::80"), Assert.Single(r.Records<AaaaRecord>()).Address);
    }

    [Fact]
    public async Task Ipv6_reverse_names_resolve_to_their_ptr()
    {
        using var client = NewClient();
        var r = await client.QueryAsync(Sift.Protocols.Dns.Lookups.ReverseName.ForPtr(IPAddress.Parse("2001:db8::25")), DnsRecordType.PTR);
        Assert.Equal("mail6.good.dns.test", Assert.Single(r.Records<PtrRecord>()).Target);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_but_others_get_the_answer()
    {
        using var client = NewClient(cacheEntries: 0);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.QueryAsync("www.dns.test", DnsRecordType.A, cts.Token));
        var r = await client.QueryAsync("www.dns.test", DnsRecordType.A);
        Assert.True(r.IsSuccess);
    }
}
