using System.Net;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Engine.Tests.Protocols.Dns.Lookups;

/// <summary>The raw lookups against the test zones in test-env/zones/dns.conf.</summary>
public class LookupsTests
{
    [Fact]
    public async Task Dnsbl_returns_every_code_and_the_txt_reason()
    {
        using var client = DnsClientTests.NewClient();
        var a = await BlocklistLookup.DnsblAsync(client, IPAddress.Parse("192.0.2.10"), "bl.dns.test");
        Assert.Equal("10.2.0.192.bl.dns.test", a.Name);
        Assert.Equal(["127.0.0.2", "127.0.0.4"], a.Addresses.Select(x => x.ToString()).Order());
        Assert.Equal("Listed: see https://bl.dns.test/192.0.2.10", Assert.Single(a.Texts));
    }

    [Fact]
    public async Task Dnsbl_of_an_unlisted_address_is_nxdomain_and_asks_no_txt()
    {
        using var client = DnsClientTests.NewClient();
        var a = await BlocklistLookup.DnsblAsync(client, IPAddress.Parse("192.0.2.200"), "bl.dns.test");
        Assert.Equal(DnsResponseCode.NXDomain, a.ResponseCode);
        Assert.Empty(a.Addresses);
        Assert.Equal(1, client.Counters.Sent);
    }

    [Fact]
    public async Task Dnsbl_works_for_ipv6_with_nibbles()
    {
        using var client = DnsClientTests.NewClient();
        var a = await BlocklistLookup.DnsblAsync(client, IPAddress.Parse("2001:db8::1"), "bl.dns.test");
        Assert.Equal(IPAddress.Parse("127.0.0.2"), Assert.Single(a.Addresses));
        Assert.Equal("v6 listed", Assert.Single(a.Texts));
    }

    [Fact]
    public async Task Rhsbl_looks_the_domain_up_in_the_zone()
    {
        using var client = DnsClientTests.NewClient();
        var a = await BlocklistLookup.RhsblAsync(client, "Spammer.Example", "rhs.dns.test");
        Assert.Equal(IPAddress.Parse("127.0.0.2"), Assert.Single(a.Addresses));
        Assert.Equal("spammer.example is a spam source", Assert.Single(a.Texts));
    }

    [Theory]
    [InlineData(HashKind.Md5, "127.0.0.2")]
    [InlineData(HashKind.Sha1, "127.0.0.3")]
    [InlineData(HashKind.Sha256, "127.0.0.4")]
    public async Task Hashbl_finds_the_normalised_address_with_each_hash(HashKind kind, string code)
    {
        using var client = DnsClientTests.NewClient();
        var a = await BlocklistLookup.HashblAsync(client, " <Spammer@Example.TEST> ", "hash.dns.test", kind);
        Assert.Equal(IPAddress.Parse(code), Assert.Single(a.Addresses));
    }

    [Fact]
    public void Hash_keys_are_hex_for_md5_and_sha1_and_base32_for_sha256()
    {
        Assert.Equal("5866eefaeb00f4b394c5ebde989a0411", HashKey.For("spammer@example.test", HashKind.Md5));
        Assert.Equal("3c21380518ec75c425232582d0966769ccccca39", HashKey.For("spammer@example.test", HashKind.Sha1));
        Assert.Equal("csx3zbaugdtxlghxkfgtilzts2ypkdxm5nzfevvdtxdjq2geua4a", HashKey.For("spammer@example.test", HashKind.Sha256));
    }

    [Fact]
    public async Task Rdns_confirms_a_ptr_that_resolves_back()
    {
        using var client = DnsClientTests.NewClient();
        var r = await RdnsLookup.QueryAsync(client, IPAddress.Parse("192.0.2.25"));
        Assert.Equal(["mail.good.dns.test"], r.PtrNames);
        Assert.Equal("mail.good.dns.test", r.ConfirmedName);
    }

    [Fact]
    public async Task Rdns_does_not_confirm_a_ptr_that_resolves_elsewhere()
    {
        using var client = DnsClientTests.NewClient();
        var r = await RdnsLookup.QueryAsync(client, IPAddress.Parse("192.0.2.26"));
        Assert.Equal(["mail.liar.dns.test"], r.PtrNames);
        Assert.Null(r.ConfirmedName);
        Assert.False(r.ForwardFailed);
    }

    [Fact]
    public async Task Rdns_confirms_ipv6_with_aaaa()
    {
        using var client = DnsClientTests.NewClient();
        var r = await RdnsLookup.QueryAsync(client, IPAddress.Parse("2001:db8::25"));
        Assert.Equal("mail6.good.dns.test", r.ConfirmedName);
    }

    [Fact]
    public async Task Spf_txt_keeps_only_spf_records_with_their_strings_joined()
    {
        using var client = DnsClientTests.NewClient();
        var one = await SpfTxtLookup.QueryAsync(client, "spf.dns.test");
        Assert.Equal(["v=spf1 ip4:192.0.2.0/24 -all"], one.Records);
        var split = await SpfTxtLookup.QueryAsync(client, "split-spf.dns.test");
        Assert.Equal(["v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all"], split.Records);
    }

    [Theory]
    [InlineData("192-0-2-27.dyn.pool.isp.example", "192.0.2.27", true)]
    [InlineData("27.2.0.192.static.isp.example", "192.0.2.27", true)]
    [InlineData("host-c000021b.isp.example", "192.0.2.27", true)]
    [InlineData("adsl-77.isp.example", "192.0.2.27", true)]
    [InlineData("ppp12.isp.example", "192.0.2.27", true)]
    [InlineData("mail.good.example", "192.0.2.27", false)]
    [InlineData("mx1.cable.example", "192.0.2.27", false)]
    [InlineData("mail.example", "192.0.2.27", false)]
    public void Dynamic_pool_names_are_recognised(string name, string ip, bool dynamic) =>
        Assert.Equal(dynamic, DynamicPool.Check(name, IPAddress.Parse(ip)) is not null);

    [Theory]
    [InlineData("v=spf1 -all", true)]
    [InlineData("V=SPF1", true)]
    [InlineData("v=spf10 -all", false)]
    [InlineData("spf1", false)]
    public void Spf_records_are_recognised_by_their_version(string text, bool spf) => Assert.Equal(spf, SpfTxtLookup.IsSpf(text));
}
