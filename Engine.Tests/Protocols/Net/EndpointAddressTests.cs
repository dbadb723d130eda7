using System.Net;
using System.Net.Sockets;
using Sift.Protocols.Net;

namespace Sift.Engine.Tests.Protocols.Net;

public sealed class EndpointAddressTests
{
    [Theory]
    [InlineData("unix:/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl")]
    [InlineData("/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl")]
    [InlineData("  unix:/tmp/x.sock ", "/tmp/x.sock")]
    public void Unix_addresses_keep_their_path(string text, string path)
    {
        var address = EndpointAddress.Parse(text);
        Assert.Equal(EndpointKind.Unix, address.Kind);
        Assert.Equal(path, address.Path);
        Assert.IsType<UnixDomainSocketEndPoint>(address.ToEndPoint());
        Assert.Equal("unix:" + path, address.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:3310", "127.0.0.1", 3310)]
    [InlineData("[::1]:783", "::1", 783)]
    [InlineData("clamd.example.test:3310", "clamd.example.test", 3310)]
    public void Tcp_addresses_split_host_and_port(string text, string host, int port)
    {
        var address = EndpointAddress.Parse(text);
        Assert.Equal(EndpointKind.Tcp, address.Kind);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(text, address.ToString());
    }

    [Fact]
    public void Ip_literals_become_ip_endpoints_and_names_dns_endpoints()
    {
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 1), EndpointAddress.Parse("[::1]:1").ToEndPoint());
        Assert.IsType<DnsEndPoint>(EndpointAddress.Parse("localhost:1").ToEndPoint());
    }

    [Fact]
    public void A_default_port_applies_only_when_given()
    {
        Assert.True(EndpointAddress.TryParse("127.0.0.1", out var address, out _, defaultPort: 3310));
        Assert.Equal(3310, address!.Port);
        Assert.False(EndpointAddress.TryParse("127.0.0.1", out _, out var error));
        Assert.Contains("needs a port", error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("unix:relative.sock", "absolute")]
    [InlineData("127.0.0.1:0", "1 to 65535")]
    [InlineData("127.0.0.1:70000", "1 to 65535")]
    [InlineData("127.0.0.1:x", "1 to 65535")]
    [InlineData("127.0.0.1:+5", "1 to 65535")]
    [InlineData("::1:3310", "[address]:port")]
    [InlineData("[::1", "without ']'")]
    [InlineData("[nothost]:1", "not an IPv6")]
    [InlineData(":3310", "host is empty")]
    public void Malformed_addresses_say_what_is_wrong(string text, string reason)
    {
        Assert.False(EndpointAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Throws<FormatException>(() => EndpointAddress.Parse(text));
    }
}
