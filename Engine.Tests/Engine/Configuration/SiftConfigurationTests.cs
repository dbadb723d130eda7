using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sift.Engine.Configuration;
using Sift.Engine.Configuration.Hocon;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Configuration;


public class SiftConfigurationTests
{
    private static readonly IDictionary NoEnvironment = new Hashtable();

    private static string Write(TestEnv.TempDir dir, string text, string name = "sift.conf")
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_embedded_reference_is_the_file_in_the_repository()
    {
        Assert.Equal(File.ReadAllText(RepoFiles.Path("hocon/reference.conf")), SiftConfiguration.ReferenceText());
    }

    [Fact]
    public void The_reference_alone_binds_to_the_defaults_written_in_the_option_classes()
    {
        var (_, options) = SiftConfiguration.Load(null, NoEnvironment);
        var expected = new SiftOptions();
        expected.Milter.Stages.Enabled = ["connect", "helo", "mail", "rcpt", "data", "eom"];
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(options));
    }

    [Fact]
    public void Durations_sizes_lists_and_named_checks_bind_into_typed_options()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, """
            sift {
              engine { global-timeout = 2m, dns-timeout = 750ms, socket-timeout = 1500 }
              dns.nameservers = ["127.0.0.1:5353", "::1"]
              limits.max-message-size = 10MB
              milter.spool-memory-threshold = 64K
              backends.clamd.upstreams = [{ address = "127.0.0.1:3310" }, { address = "127.0.0.2:3310", weight = 3 }]
              upstream-health.max-errors = 7
              checks {
                zen { kind = dnsbl, zone = "zen.example.org", weight = 8, on-error = closed, timeout = 3s, codes = ["127.0.0.2"] }
              }
            }
            """);
        var (_, o) = SiftConfiguration.Load(file, NoEnvironment);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Engine.GlobalTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(750), o.Engine.DnsTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), o.Engine.SocketTimeout);
        Assert.Equal(["127.0.0.1:5353", "::1"], o.Dns.Nameservers);
        Assert.Equal(10_000_000L, o.Limits.MaxMessageSize);
        Assert.Equal(65_536L, o.Milter.SpoolMemoryThreshold);
        Assert.Equal(["127.0.0.1:3310", "127.0.0.2:3310"], o.Backends.Clamd.Upstreams.Select(u => u.Address));
        Assert.Equal(3, o.Backends.Clamd.Upstreams[1].Weight);
        Assert.Equal(7, o.Backends.Spamd.Health.MaxErrors);
        Assert.Equal(TimeSpan.FromSeconds(60), o.Backends.Rspamd.Health.ReviveAfter);
        var zen = o.Checks["zen"];
        Assert.Equal(("dnsbl", "zen.example.org", 8.0, "closed", TimeSpan.FromSeconds(3)), (zen.Kind, zen.Zone, zen.Weight, zen.OnError, zen.Timeout));
        Assert.Equal(["127.0.0.2"], zen.Codes);
    }

    [Fact]
    public void Environment_variables_override_the_file_and_feed_substitutions()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.engine.max-concurrency = 5\nsift.milter.listen = ${?SIFT_LISTEN}");
        var env = new Hashtable
        {
            ["SIFT__ENGINE__MAX_CONCURRENCY"] = "42",
            ["SIFT__ENGINE__GLOBAL_TIMEOUT"] = "3s",
            ["SIFT_LISTEN"] = "inet:9999@127.0.0.1",
        };
        var (configuration, o) = SiftConfiguration.Load(file, env);
        Assert.Equal(42, o.Engine.MaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(3), o.Engine.GlobalTimeout);
        Assert.Equal("inet:9999@127.0.0.1", o.Milter.Listen);
        Assert.Equal("42", configuration["sift:engine:max-concurrency"]);
    }

    [Fact]
    public void A_bad_file_fails_at_load_with_every_problem_positioned()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.engine {\n  global-timeout = soon\n  max-concurency = 3\n}");
        var e = Assert.Throws<SiftConfigurationException>(() => SiftConfiguration.Load(file, NoEnvironment));
        Assert.Equal(
            [$"{file}:2:20: 'sift.engine.global-timeout' = 'soon' is not a duration (write e.g. 5s, 250ms, 2m)",
             $"{file}:3:3: unknown key 'sift.engine.max-concurency' (not in reference.conf)"],
            e.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_file_that_does_not_parse_fails_at_load_with_its_position()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift {\n  engine.max-concurrency = [1,\n");
        var e = Assert.Throws<SiftConfigurationException>(() => SiftConfiguration.Load(file, NoEnvironment));
        Assert.StartsWith($"{file}:2:28: ", e.Message);
    }

    [Fact]
    public void AddHoconString_feeds_IOptions_binding()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("sift.engine { max-concurrency = 3, global-timeout = 1.5s }\nsift.limits.max-message-size = 2M")
            .Build();
        var services = new ServiceCollection()
            .Configure<EngineOptions>(configuration.GetSection("sift:engine"))
            .Configure<LimitsOptions>(configuration.GetSection("sift:limits"))
            .BuildServiceProvider();
        var engine = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        Assert.Equal((3, TimeSpan.FromMilliseconds(1500)), (engine.MaxConcurrency, engine.GlobalTimeout));
        Assert.Equal(2L * 1024 * 1024, services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxMessageSize);
    }

    [Fact]
    public void AddSiftOptions_serves_each_section_from_the_loaded_configuration()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "sift.dns.timeout = 300ms\nsift.milter.max-connections = 7\nsift.backends.spamd.upstreams = [{ address = \"127.0.0.1:783\" }]");
        var (configuration, _) = SiftConfiguration.Load(file, NoEnvironment);
        var services = new ServiceCollection().AddSiftOptions(configuration).BuildServiceProvider();
        Assert.Equal(TimeSpan.FromMilliseconds(300), services.GetRequiredService<IOptions<DnsOptions>>().Value.Timeout);
        Assert.Equal(7, services.GetRequiredService<IOptions<MilterOptions>>().Value.MaxConnections);
        Assert.Equal("127.0.0.1:783", services.GetRequiredService<IOptions<BackendsOptions>>().Value.Spamd.Upstreams.Single().Address);
        Assert.Equal(50L * 1024 * 1024, services.GetRequiredService<IOptions<SiftOptions>>().Value.Limits.MaxMessageSize);
    }

    [Fact]
    public void AddHoconFile_exposes_nested_keys_and_list_indexes()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Write(dir, "a { b = [x, { c = 1 }] }\nn = null");
        var configuration = new ConfigurationBuilder().AddHoconFile(file).AddHoconFile(Path.Combine(dir.Path, "absent.conf"), optional: true).Build();
        Assert.Equal("x", configuration["a:b:0"]);
        Assert.Equal("1", configuration["a:b:1:c"]);
        Assert.Null(configuration["n"]);
    }

    [Fact]
    public void AddHoconFile_of_a_bad_file_throws_the_reader_error_when_built()
    {
        var e = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHoconString("a = ${nope}", "inline.conf").Build());
        Assert.Equal("inline.conf:1:5: '${nope}' is not defined (neither a setting nor an environment variable)", e.Message);
    }

    [Theory]
    [InlineData("hocon/examples/postfix-gateway.conf")]
    [InlineData("hocon/examples/scanner-farm.conf")]
    public void The_examples_load_and_pass_the_check(string example)
    {
        var path = RepoFiles.Path(example);
        Assert.Empty(SiftConfiguration.Check(path));
        var (_, o) = SiftConfiguration.Load(path, NoEnvironment);
        Assert.NotEmpty(o.Checks);
    }

    [Fact]
    public void The_scanner_farm_example_shares_one_setting_across_backends()
    {
        var (_, o) = SiftConfiguration.Load(RepoFiles.Path("hocon/examples/scanner-farm.conf"), NoEnvironment);
        Assert.Equal([16, 16, 16], new[] { o.Backends.Clamd.MaxInFlight, o.Backends.Spamd.MaxInFlight, o.Backends.Rspamd.MaxInFlight });
        Assert.Equal(3, o.Backends.Clamd.Upstreams.Count);
        Assert.Equal((2, 4), (o.Backends.Rspamd.Health.MaxErrors, o.Backends.Clamd.Health.MaxErrors));
    }
}
