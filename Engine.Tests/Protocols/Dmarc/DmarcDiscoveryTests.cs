using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Dmarc;

public class DmarcDiscoveryTests
{
    private static readonly PublicSuffixList Suffixes = PublicSuffixList.Embedded();

    private static DmarcDiscovery Discovery(InMemorySpfResolver dns) => new(dns, Suffixes);

    [Fact]
    public async Task A_record_at_the_from_domain_is_used_without_a_fallback_lookup()
    {
        var dns = new InMemorySpfResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var lookup = await Discovery(dns).DiscoverAsync("Example.COM.");
        Assert.Equal(DmarcLookupStatus.Found, lookup.Status);
        Assert.Equal("example.com", lookup.PolicyDomain);
        Assert.False(lookup.IsOrganizationalFallback);
        Assert.Equal(["TXT _dmarc.example.com"], dns.Log);
    }

    [Fact]
    public async Task Without_a_record_at_a_subdomain_the_organizational_domain_is_asked()
    {
        var dns = new InMemorySpfResolver().Txt("_dmarc.example.co.uk", "v=DMARC1; p=quarantine; sp=reject");
        var lookup = await Discovery(dns).DiscoverAsync("mail.example.co.uk");
        Assert.Equal(DmarcLookupStatus.Found, lookup.Status);
        Assert.Equal("example.co.uk", lookup.OrganizationalDomain);
        Assert.Equal("example.co.uk", lookup.PolicyDomain);
        Assert.True(lookup.IsOrganizationalFallback);
        Assert.Equal(["TXT _dmarc.mail.example.co.uk", "TXT _dmarc.example.co.uk"], dns.Log);
    }

    [Fact]
    public async Task Non_dmarc_txt_records_are_discarded_before_selection()
    {
        var dns = new InMemorySpfResolver().Txt("_dmarc.example.com", "v=spf1 -all", "hello", "v=DMARC1; p=none");
        Assert.Equal("v=DMARC1; p=none", await Discovery(dns).DmarcVerifyAsync("example.com"));
    }

    [Fact]
    public async Task Two_dmarc_records_are_a_permerror_and_no_policy()
    {
        var dns = new InMemorySpfResolver().Txt("_dmarc.example.com", "v=DMARC1; p=none", "v=DMARC1; p=reject");
        var lookup = await Discovery(dns).DiscoverAsync("example.com");
        Assert.Equal(DmarcLookupStatus.PermError, lookup.Status);
        Assert.Null(await Discovery(dns).DmarcVerifyAsync("example.com"));
    }

    [Fact]
    public async Task An_unusable_record_is_a_permerror_and_does_not_fall_back()
    {
        var dns = new InMemorySpfResolver().Txt("_dmarc.sub.example.com", "v=DMARC1; p=maybe").Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var lookup = await Discovery(dns).DiscoverAsync("sub.example.com");
        Assert.Equal(DmarcLookupStatus.PermError, lookup.Status);
        Assert.Equal("v=DMARC1; p=maybe", lookup.RawRecord);
    }

    [Theory]
    [InlineData(DnsLookupStatus.ServFail)]
    [InlineData(DnsLookupStatus.Timeout)]
    public async Task A_dns_failure_is_a_temperror_and_stops_discovery(DnsLookupStatus status)
    {
        var dns = new InMemorySpfResolver().Failing("_dmarc.sub.example.com", status).Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var lookup = await Discovery(dns).DiscoverAsync("sub.example.com");
        Assert.Equal(DmarcLookupStatus.TempError, lookup.Status);
        Assert.Single(dns.Log);
    }

    [Fact]
    public async Task No_record_anywhere_is_none_and_verify_returns_null()
    {
        var dns = new InMemorySpfResolver().Exists("_dmarc.a.example.com");
        Assert.Equal(DmarcLookupStatus.None, (await Discovery(dns).DiscoverAsync("a.example.com")).Status);
        Assert.Null(await Discovery(dns).DmarcVerifyAsync("a.example.com"));
        Assert.Equal(4, dns.Queries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".")]
    public async Task A_malformed_domain_is_none_without_lookups(string domain)
    {
        var dns = new InMemorySpfResolver();
        Assert.Equal(DmarcLookupStatus.None, (await Discovery(dns).DiscoverAsync(domain)).Status);
        Assert.Equal(0, dns.Queries);
    }

    [Fact]
    public async Task A_from_domain_that_is_its_own_organizational_domain_is_asked_once()
    {
        var dns = new InMemorySpfResolver();
        await Discovery(dns).DiscoverAsync("example.org");
        Assert.Equal(["TXT _dmarc.example.org"], dns.Log);
    }
}
