using System.Net;
using Sift.Engine.Backends;
using Sift.Engine.Tests.Infrastructure;
using Sift.Engine.Tests.Protocols.Spf;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Dns;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Engine.Backends;

/// <summary>SPF and DMARC through the DNS client adapter, against the real unbound serving test-env/zones/spf.conf.</summary>
public sealed class SpfDnsAdapterTests : IAsyncDisposable
{
    private readonly DnsClient _client = new(DnsClientOptions.ForServers(TestEnv.Require("SIFT_TEST_DNS")) with { CacheEntries = 0 });

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    [Theory]
    [MemberData(nameof(SpfZoneScenarios.Spf), MemberType = typeof(SpfZoneScenarios))]
    public async Task Spf_scenario_served_by_the_real_dns_server_gives_the_rfc_result(string mailFrom, string ip, string helo, string code, string explanation)
    {
        var v = await new SpfVerifier(new SpfDnsAdapter(_client)).SpfVerifyAsync(mailFrom, ip, helo.Length == 0 ? null : helo);
        Assert.Equal(code, v.Code);
        Assert.Contains(explanation, v.Explanation);
    }

    [Theory]
    [MemberData(nameof(SpfZoneScenarios.Dmarc), MemberType = typeof(SpfZoneScenarios))]
    public async Task Dmarc_scenario_served_by_the_real_dns_server_finds_the_record(string domain, string record, string policyDomain)
    {
        var discovery = new DmarcDiscovery(new SpfDnsAdapter(_client), PublicSuffixList.Embedded());
        Assert.Equal(record.Length == 0 ? null : record, await discovery.DmarcVerifyAsync(domain));
        var lookup = await discovery.DiscoverAsync(domain);
        Assert.Equal(policyDomain.Length == 0 ? null : policyDomain, lookup.PolicyDomain);
    }

    [Fact]
    public async Task Dmarc_at_the_domain_itself_is_not_a_fallback_and_at_the_org_domain_it_is()
    {
        var discovery = new DmarcDiscovery(new SpfDnsAdapter(_client), PublicSuffixList.Embedded());
        var own = await discovery.DiscoverAsync("dmarc.test");
        Assert.Equal(DmarcLookupStatus.Found, own.Status);
        Assert.False(own.IsOrganizationalFallback);
        var org = await discovery.DiscoverAsync("mail.dmarc.test");
        Assert.Equal(DmarcLookupStatus.Found, org.Status);
        Assert.True(org.IsOrganizationalFallback);
        Assert.Equal("quarantine", DmarcRecord.PolicyName(org.Record!.SubdomainPolicy));
    }

    [Fact]
    public async Task Txt_strings_are_joined_and_nxdomain_is_kept_apart_from_an_empty_answer()
    {
        var adapter = new SpfDnsAdapter(_client);
        var txt = await adapter.LookupTxtAsync("long.spf.test", default);
        Assert.Equal(DnsLookupStatus.NoError, txt.Status);
        Assert.Contains("ip4:198.51.100.13 ip4:192.0.2.60 -all", Assert.Single(txt.Records));
        Assert.Equal(DnsLookupStatus.NXDomain, (await adapter.LookupAAsync("nothing-here.spf.test", default)).Status);
        var empty = await adapter.LookupAaaaAsync("ip4.spf.test", default);
        Assert.Equal(DnsLookupStatus.NoError, empty.Status);
        Assert.True(empty.IsVoid);
        Assert.Empty(empty.Records);
    }

    [Fact]
    public async Task Ptr_names_are_built_by_the_adapter_and_unencodable_names_are_nxdomain()
    {
        var adapter = new SpfDnsAdapter(_client);
        var ptr = await adapter.LookupPtrAsync(IPAddress.Parse("192.0.2.40"), default);
        Assert.Equal("host.ptr.spf.test", Assert.Single(ptr.Records).TrimEnd('.'));
        var macro = await adapter.LookupAAsync("a b%c.spf.test", default);
        Assert.Equal(DnsLookupStatus.NXDomain, macro.Status);
        var tooLong = await adapter.LookupAAsync(new string('x', 64) + ".spf.test", default);
        Assert.Equal(DnsLookupStatus.NXDomain, tooLong.Status);
    }

    [Fact]
    public async Task A_dead_dns_server_makes_spf_temperror()
    {
        var dead = TestPorts.ClosedLoopbackPort();
        await using var client = new DnsClient(DnsClientOptions.ForServers(dead) with { Timeout = TimeSpan.FromMilliseconds(200), Attempts = 1, CacheEntries = 0 });
        var v = await new SpfVerifier(new SpfDnsAdapter(client)).SpfVerifyAsync("user@ip4.spf.test", "192.0.2.10", null);
        Assert.Equal("temperror", v.Code);
    }

    [Fact]
    public async Task A_spent_request_budget_makes_spf_temperror_instead_of_more_queries()
    {
        var budget = new DnsRequestBudget(3);
        var v = await new SpfVerifier(new SpfDnsAdapter(_client, budget)).SpfVerifyAsync("user@limit.spf.test", "192.0.2.1", null);
        Assert.Equal("temperror", v.Code);
        Assert.Equal(3, budget.Used);
    }
}
