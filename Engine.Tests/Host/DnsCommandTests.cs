using System.CommandLine;
using System.Text.Json;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Host;

public class DnsCommandTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = output };
        var code = Sift.Host.Program.BuildRoot().Parse(args).Invoke(config);
        return (code, output.ToString());
    }

    [Fact]
    public void Sift_dns_prints_the_answer_like_dig()
    {
        var (code, output) = Run("dns", "mx", "dns.test", "--nameserver", TestEnv.Require("SIFT_TEST_DNS"));
        Assert.Equal(2, code); // "mx" is not a name of ours… the type comes second
        (code, output) = Run("dns", "dns.test", "mx", "--nameserver", TestEnv.Require("SIFT_TEST_DNS"));
        Assert.Equal(0, code);
        Assert.Contains("NOERROR", output);
        Assert.Contains("dns.test.\t3600\tIN\tMX\t10 mx1.dns.test.", output);
    }

    [Fact]
    public void Sift_dns_of_an_address_looks_up_its_ptr()
    {
        var (code, output) = Run("dns", "192.0.2.25", "-s", TestEnv.Require("SIFT_TEST_DNS"));
        Assert.Equal(0, code);
        Assert.Contains("PTR\tmail.good.dns.test.", output);
    }

    [Fact]
    public void Sift_dns_json_carries_rcode_and_authority()
    {
        var (code, output) = Run("dns", "nothing.dns.test", "A", "-s", TestEnv.Require("SIFT_TEST_DNS"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("NXDOMAIN", doc.RootElement.GetProperty("rcode").GetString());
        Assert.StartsWith("ns1.dns.test.", doc.RootElement.GetProperty("authority_soa").GetString());
    }
}
