using System.Net;
using Sift.Engine.Backends;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Backends;

/// <summary>A HOCON file describes the check policy; bad entries stop the start with the entry named.</summary>
public class CheckPolicyTests
{
    private static SiftOptions Load(string hocon)
    {
        using var dir = TestEnv.NewTempDir();
        var file = Path.Combine(dir.Path, "sift.conf");
        File.WriteAllText(file, hocon);
        return SiftConfiguration.Load(file).Options;
    }

    [Fact]
    public void An_unknown_kind_fails_at_start_naming_the_check()
    {
        var options = Load("sift { dns.nameservers = [\"127.0.0.1:53\"], checks { weird { kind = dnsbll, zone = x.test } } }");
        var e = Assert.Throws<SiftConfigurationException>(() => CheckPolicy.FromOptions(options));
        Assert.Contains("sift.checks.weird: unknown kind 'dnsbll'", e.Message);
    }

    [Fact]
    public void A_blocklist_without_zone_and_a_process_without_argv_fail_together()
    {
        var options = Load("sift { dns.nameservers = [\"127.0.0.1:53\"], checks { bl { kind = dnsbl }, run { kind = process } } }");
        var e = Assert.Throws<SiftConfigurationException>(() => CheckPolicy.FromOptions(options));
        Assert.Contains("sift.checks.bl: a dnsbl check needs a zone", e.Message);
        Assert.Contains("sift.checks.run: a process check needs argv", e.Message);
    }

    [Fact]
    public void Dns_kinds_need_a_nameserver_and_scanners_need_upstreams()
    {
        var options = Load("sift { checks { spf { kind = spf }, av { kind = clamd } } }");
        var e = Assert.Throws<SiftConfigurationException>(() => CheckPolicy.FromOptions(options));
        Assert.Contains("sift.checks.spf: a spf check needs a DNS server (sift.dns.nameservers)", e.Message);
        Assert.Contains("sift.checks.av: a clamd check needs sift.backends.clamd.upstreams", e.Message);
    }

    [Fact]
    public void A_bad_upstream_address_fails_at_start()
    {
        var options = Load("sift { backends.clamd.upstreams = [{ address = \"127.0.0.1:99999\" }] }");
        var e = Assert.Throws<SiftConfigurationException>(() => SiftBackends.Create(options));
        Assert.Contains("sift.backends.clamd.upstreams.0.address", e.Message);
    }

    [Fact]
    public void The_policy_turns_a_message_into_checks_with_weights_timeouts_and_budget()
    {
        var options = Load("""
            sift {
              dns { nameservers = ["127.0.0.1:53"], max-queries-per-message = 7 }
              backends.clamd.upstreams = [{ address = "127.0.0.1:3310" }]
              checks {
                zen { kind = dnsbl, zone = "zen.example", weight = 5, codes = ["127.0.0.2"], on-error = closed, timeout = 2s }
                helo { kind = rhsbl, zone = "rhs.example", target = helo }
                sender { kind = hashbl, zone = "hash.example", hash = sha1 }
                custom { kind = dns, query = "{ip-reversed}.list.example", type = TXT }
                av { kind = clamd, weight = 20 }
                off { kind = rdns, enabled = false }
              }
            }
            """);
        var policy = CheckPolicy.FromOptions(options);
        Assert.DoesNotContain(policy.Checks, c => c.Name == "off");
        var envelope = new MessageContext(IPAddress.Parse("192.0.2.10"), "mx.example", "a@b.example", ["c@d.example"]);
        var specs = policy.ChecksFor(envelope).ToDictionary(s => s.Name);
        Assert.DoesNotContain("av", specs.Keys); // no content: no content checks
        var zen = specs["zen"];
        Assert.Equal(5, zen.Weight);
        Assert.Equal(ErrorPolicy.FailClosed, zen.OnError);
        Assert.Equal(TimeSpan.FromSeconds(2), zen.Timeout);
        var p = Assert.IsType<DnsCheckParameters>(zen.Parameters);
        Assert.Equal(new DnsblQuery(IPAddress.Parse("192.0.2.10"), "zen.example"), p.Query);
        Assert.Equal(7, p.Budget!.Limit);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], p.ListingCodes);
        Assert.Equal(new RhsblQuery("mx.example", "rhs.example"), ((DnsCheckParameters)specs["helo"].Parameters).Query);
        Assert.Equal(new HashblQuery("a@b.example", "hash.example", HashblAlgorithm.Sha1), ((DnsCheckParameters)specs["sender"].Parameters).Query);
        Assert.Equal(new DnsQuery("10.2.0.192.list.example", "TXT"), ((DnsCheckParameters)specs["custom"].Parameters).Query);
        Assert.Same(p.Budget, ((DnsCheckParameters)specs["helo"].Parameters).Budget);
        var withContent = policy.ChecksFor(envelope with { Content = MessageContent.FromBytes(new byte[] { 1 }), From = "" });
        Assert.Contains(withContent, s => s.Name == "av");
        Assert.DoesNotContain(withContent, s => s.Name == "sender"); // null sender: nothing to hash
    }

    [Theory]
    [InlineData("hocon/examples/postfix-gateway.conf", 5)]
    [InlineData("hocon/examples/scanner-farm.conf", 3)]
    public void The_example_configurations_describe_valid_policies(string example, int checks)
    {
        var options = SiftConfiguration.Load(Configuration.RepoFiles.Path(example)).Options;
        Assert.Equal(checks, CheckPolicy.FromOptions(options).Checks.Count);
    }

    [Fact]
    public async Task A_custom_kind_named_in_the_file_receives_the_message_and_scores()
    {
        var options = Load("sift { checks { greylist { kind = greylist, weight = 9 }, off { kind = greylist, enabled = false } } }");
        var seen = new List<MessageContext>();
        var greylist = CheckKind.Custom("greylist", (p, _) =>
        {
            lock (seen) seen.Add((MessageContext)p);
            return ValueTask.FromResult(CustomAnswer.Deny("greylisted"));
        });
        await using var sift = ConfiguredEngine.Create(options, new ConfiguredEngineOptions { CustomKinds = [greylist] });
        var result = await sift.CheckAsync(new MessageContext(IPAddress.Parse("192.0.2.1"), "mx.example", "a@b.example", ["c@d.example"]));
        Assert.Equal(global::Sift.Engine.Results.Verdict.Reject, result.Verdict);
        Assert.Equal(["greylisted"], result.Reasons);
        Assert.Equal("mx.example", Assert.Single(seen).Helo);
    }

    [Fact]
    public void A_custom_kind_not_registered_is_unknown()
    {
        var options = Load("sift { checks { greylist { kind = greylist } } }");
        var e = Assert.Throws<SiftConfigurationException>(() => ConfiguredEngine.Create(options));
        Assert.Contains("sift.checks.greylist: unknown kind 'greylist'", e.Message);
    }
}
