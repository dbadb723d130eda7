using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Engine.Tests.Protocols.Clamd;

namespace Sift.Engine.Tests.Host;

/// <summary><c>sift check</c> and <c>sift spf</c> end to end, in-process, against the real unbound, clamd, spamd and rspamd.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly TestEnv.TempDir _dir = TestEnv.NewTempDir();

    public void Dispose() => _dir.Dispose();

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Sift.Host.Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private string Config(string checks, string? spamd = null, string engine = "") => File("sift.conf", $$"""
        sift {
          engine { {{engine}} }
          backends {
            clamd.upstreams = [{ address = "{{TestEnv.Require("SIFT_TEST_CLAMD_TCP")}}" }]
            spamd.upstreams = [{ address = "{{spamd ?? TestEnv.Require("SIFT_TEST_SPAMD")}}" }]
            rspamd.upstreams = [{ address = "{{TestEnv.Require("SIFT_TEST_RSPAMD")}}" }]
          }
          checks { {{checks}} }
        }
        """);

    private const string DnsChecks = """
        bl { kind = dnsbl, zone = "bl.dns.test", weight = 10 }
        rdns { kind = rdns, weight = 1 }
        spf { kind = spf, weight = 2 }
        """;

    private static string[] Envelope(string ip, params string[] more) =>
        ["check", "--ip", ip, "--helo", "mail.good.dns.test", "--from", "user@ip4.spf.test", "--rcpt", "bob@example.com",
         "--nameserver", TestEnv.Require("SIFT_TEST_DNS"), .. more];

    private static JsonElement CheckOf(JsonDocument doc, string name) =>
        doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == name);

    [Fact]
    public void A_dnsbl_listed_client_is_rejected_with_the_zones_reason()
    {
        var (code, output, error) = Run(Envelope("192.0.2.10", "--config", Config(DnsChecks)));
        Assert.True(code == 1, output + error);
        Assert.Contains("verdict: REJECT", output);
        Assert.Contains("reason: Listed: see https://bl.dns.test/192.0.2.10", output);
        Assert.Matches(@"bl\s+answered\s+\d+ ms\s+Listed: see https://bl.dns.test/192.0.2.10\s+10\.0", output);
    }

    [Fact]
    public void Gtube_is_spam_to_spamd_and_rspamd()
    {
        var message = File("gtube.eml", TestMessages.Gtube());
        var (code, output, error) = Run(Envelope("192.0.2.25", "--message", message, "--json", "--config",
            Config("sa { kind = spamc, weight = 5 }, rs { kind = rspamd, weight = 5 }")));
        Assert.True(code == 1, output + error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("REJECT", doc.RootElement.GetProperty("verdict").GetString());
        Assert.True(CheckOf(doc, "sa").GetProperty("hit").GetBoolean());
        Assert.Contains("GTUBE", CheckOf(doc, "sa").GetProperty("interpretation").GetString());
        Assert.True(CheckOf(doc, "rs").GetProperty("hit").GetBoolean());
        Assert.Equal(10, doc.RootElement.GetProperty("score").GetDouble());
    }

    [Fact]
    public void Eicar_is_a_virus_to_clamd()
    {
        var message = Path.Combine(_dir.Path, "eicar.eml");
        System.IO.File.WriteAllBytes(message, ClamdTestData.EicarBytes);
        var (code, output, error) = Run(Envelope("192.0.2.25", "--message", message, "--config", Config("clamav { kind = clamd, weight = 10 }")));
        Assert.True(code == 1, output + error);
        Assert.Contains("reason: virus " + ClamdTestData.EicarName, output);
    }

    [Fact]
    public void A_clean_message_from_a_clean_client_passes()
    {
        var message = File("plain.eml", TestMessages.Plain());
        var (code, output, error) = Run(Envelope("192.0.2.25", "--message", message, "--json", "--config",
            Config(DnsChecks + "\nclamav { kind = clamd, weight = 10 }, sa { kind = spamc, weight = 5 }, rs { kind = rspamd, weight = 1 }")));
        Assert.True(code == 0, output + error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("PASS", doc.RootElement.GetProperty("verdict").GetString());
        foreach (var name in new[] { "bl", "rdns", "spf", "clamav", "sa", "rs" })
        {
            Assert.Equal("answered", CheckOf(doc, name).GetProperty("status").GetString());
        }
        Assert.Equal("pass for ip4.spf.test", CheckOf(doc, "spf").GetProperty("interpretation").GetString());
    }

    [Fact]
    public async Task A_stalled_backend_times_out_and_the_batch_answers_within_the_global_timeout()
    {
        await using var stalled = ScriptedTcpDaemon.Stalling();
        var message = File("plain.eml", TestMessages.Plain());
        var config = Config(DnsChecks + "\nsa { kind = spamc, weight = 5 }", stalled.HostPort, "global-timeout = 1500ms, socket-timeout = 400ms");
        var clock = Stopwatch.StartNew();
        var (code, output, error) = Run(Envelope("192.0.2.25", "--message", message, "--json", "--config", config));
        clock.Stop();
        Assert.True(code == 0, output + error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("timed-out", CheckOf(doc, "sa").GetProperty("status").GetString());
        Assert.Equal("answered", CheckOf(doc, "bl").GetProperty("status").GetString());
        // The check's own deadline (400 ms) ends it; at the latest the global timeout (1.5 s, plus timer slack) would.
        Assert.True(doc.RootElement.GetProperty("elapsed_ms").GetDouble() < 1600, output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the command took {clock.Elapsed}");
    }

    [Fact]
    public void A_bad_check_stops_the_command_with_the_entry_named()
    {
        var (code, _, error) = Run(Envelope("192.0.2.25", "--config", Config("bl { kind = dnsbl }")));
        Assert.Equal(2, code);
        Assert.Contains("sift.checks.bl: a dnsbl check needs a zone", error);
    }

    [Fact]
    public void Sift_spf_prints_the_result_and_explanation()
    {
        var (code, output, _) = Run("spf", "--ip", "198.51.100.1", "--from", "user@ip4.spf.test", "--helo", "mail.example",
            "--nameserver", TestEnv.Require("SIFT_TEST_DNS"));
        Assert.Equal(0, code);
        Assert.StartsWith("fail: ", output);
        Assert.Contains("record: v=spf1 ip4:192.0.2.0/24 -all", output);
        Assert.Contains("Received-SPF: fail", output);
    }

    [Fact]
    public void Sift_spf_json_carries_result_and_explanation()
    {
        var (code, output, _) = Run("spf", "--ip", "198.51.100.5", "--from", "user@include.spf.test", "--helo", "mail.example",
            "--nameserver", TestEnv.Require("SIFT_TEST_DNS"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("pass", doc.RootElement.GetProperty("result").GetString());
        Assert.Contains("designates 198.51.100.5", doc.RootElement.GetProperty("explanation").GetString());
        Assert.Equal("include.spf.test", doc.RootElement.GetProperty("domain").GetString());
    }

    [Fact]
    public void Sift_spf_on_a_dead_server_is_temperror()
    {
        var (code, output, _) = Run("spf", "--ip", "192.0.2.10", "--from", "user@ip4.spf.test", "--nameserver", TestPorts.ClosedLoopbackPort(), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("temperror", doc.RootElement.GetProperty("result").GetString());
    }
}
