using System.Net;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Engine.Tests.Protocols.Dns;

public class NamesTests
{
    [Fact]
    public void Ipv4_reverse_names_reverse_the_octets()
    {
        Assert.Equal("4.3.2.1.in-addr.arpa", ReverseName.ForPtr(IPAddress.Parse("1.2.3.4")));
        Assert.Equal("2.0.0.127.zen.test", ReverseName.InZone(IPAddress.Parse("127.0.0.2"), "zen.test."));
        Assert.Equal("4.3.2.1.in-addr.arpa", ReverseName.ForPtr(IPAddress.Parse("::ffff:1.2.3.4")));
    }

    [Fact]
    public void Ipv6_reverse_names_are_32_reversed_nibbles()
    {
        Assert.Equal("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", ReverseName.ForPtr(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(32, ReverseName.Labels(IPAddress.Parse("2001:db8:ffff::abcd")).Split('.').Length);
    }

    [Theory]
    [InlineData("bücher.dns.test", "xn--bcher-kva.dns.test")]
    [InlineData("BÜCHER.dns.test", "xn--bcher-kva.dns.test")]
    [InlineData("münchen.de", "xn--mnchen-3ya.de")]
    [InlineData("例え.テスト", "xn--r8jz45g.xn--zckzah")]
    [InlineData("Example.TEST", "example.test")]
    public void Non_ascii_names_become_punycode(string unicode, string ascii)
    {
        Assert.True(Idna.TryToAscii(unicode, out var result));
        Assert.Equal(ascii, result);
    }

    [Fact]
    public void Punycode_reads_back_to_unicode() => Assert.Equal("bücher.test", Idna.ToUnicode("xn--bcher-kva.test"));

    [Fact]
    public void Resolv_conf_gives_servers_timeout_attempts_and_rotate()
    {
        var conf = ResolvConf.Parse("""
            # comment
            search example.test
            nameserver 127.0.0.53
            nameserver ::1
            nameserver fe80::1%eth0
            nameserver 127.0.0.9
            options timeout:3 attempts:4 rotate ndots:2
            """);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.53"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 53), new IPEndPoint(IPAddress.Parse("fe80::1"), 53)], conf.Servers);
        Assert.Equal(TimeSpan.FromSeconds(3), conf.Timeout);
        Assert.Equal(4, conf.Attempts);
        Assert.True(conf.Rotate);
    }

    [Fact]
    public void Resolv_conf_without_options_has_glibc_defaults()
    {
        var conf = ResolvConf.Parse("nameserver 127.0.0.1\noptions timeout:banana\n");
        Assert.Equal(TimeSpan.FromSeconds(5), conf.Timeout);
        Assert.Equal(2, conf.Attempts);
        Assert.False(conf.Rotate);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    public void Nameserver_addresses_parse_with_and_without_port(string text, string expected) =>
        Assert.Equal(IPEndPoint.Parse(expected), NameServer.Parse(text));

    [Theory]
    [InlineData("dns.example")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("[::1")]
    public void Bad_nameserver_addresses_are_refused(string text) => Assert.False(NameServer.TryParse(text, out _));
}
