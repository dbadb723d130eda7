using System.Net;
using Sift.Engine.Compat;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Protocols.Dns;
using Sift.Protocols.Dns;

namespace Sift.Engine.Tests.Engine.Compat;

public class MimeDefangDnsTests
{
    [Fact]
    public async Task Relay_is_blacklisted_returns_the_first_listing_address()
    {
        using var client = DnsClientTests.NewClient();
        var r = await MimeDefangDns.RelayIsBlacklistedAsync(client, "127.0.0.2", "bl.dns.test");
        Assert.Equal("127.0.0.2", r.ToString());
        Assert.True(r.IsListed);
    }

    [Fact]
    public async Task Relay_not_listed_returns_zero()
    {
        using var client = DnsClientTests.NewClient();
        var r = await MimeDefangDns.RelayIsBlacklistedAsync(client, IPAddress.Parse("192.0.2.200"), "bl.dns.test");
        Assert.Equal("0", r.ToString());
        Assert.False(r.IsListed || r.IsError);
    }

    [Fact]
    public async Task Relay_lookup_that_fails_is_an_error_not_a_listing()
    {
        using var failing = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q, DnsResponseCode.ServFail)]);
        using var client = new DnsClient(new DnsClientOptions { Servers = [failing.EndPoint], Attempts = 1 });
        var r = await MimeDefangDns.RelayIsBlacklistedAsync(client, "192.0.2.10", "bl.dns.test");
        Assert.Equal("SERVFAIL", r.ToString());
        Assert.False(r.IsListed);
    }

    [Fact]
    public async Task Email_is_blacklisted_hashes_the_address()
    {
        using var client = DnsClientTests.NewClient();
        Assert.Equal("127.0.0.2", (await MimeDefangDns.EmailIsBlacklistedAsync(client, "spammer@example.test", "hash.dns.test", "MD5")).ToString());
        Assert.Equal("127.0.0.3", (await MimeDefangDns.EmailIsBlacklistedAsync(client, "spammer@example.test", "hash.dns.test", "sha1")).ToString());
        Assert.Equal("0", (await MimeDefangDns.EmailIsBlacklistedAsync(client, "friend@example.test", "hash.dns.test")).ToString());
        Assert.True((await MimeDefangDns.EmailIsBlacklistedAsync(client, "a@b", "hash.dns.test", "crc32")).IsError);
    }
}
