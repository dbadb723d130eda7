using System.Net;
using System.Text;
using Sift.Engine.Backends;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;
using Sift.Engine.Tests.Protocols.Clamd;
using Sift.Protocols.Net;
using Sift.Protocols.Process;

namespace Sift.Engine.Tests.Engine.Backends;

using Interpretation = Sift.Engine.Results.Interpretation;

/// <summary>Each built-in kind registered with the engine and run against the real daemons of test-env.</summary>
public sealed class BackendKindsTests : IAsyncLifetime
{
    private ConfiguredEngine _engine = null!;

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    public Task InitializeAsync()
    {
        var options = new SiftOptions();
        options.Dns.Nameservers = [TestEnv.Require("SIFT_TEST_DNS")];
        options.Backends.Clamd.Upstreams = [new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_CLAMD_TCP") }];
        options.Backends.Spamd.Upstreams = [new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_SPAMD") }];
        options.Backends.Rspamd.Upstreams = [new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_RSPAMD") }];
        _engine = ConfiguredEngine.Create(options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private async Task<CheckResult> RunOne(CheckSpec spec)
    {
        var result = await _engine.Engine.RunChecksAsync([spec]);
        return Assert.Single(result.Checks);
    }

    private static T Answered<T>(CheckResult r) where T : Interpretation
    {
        Assert.True(r.Status == CheckStatus.Answered, $"{r.Name}: {r.Status} {r.Error}");
        return Assert.IsType<T>(r.Interpretation);
    }

    [Fact]
    public void Every_built_in_kind_is_registered()
    {
        Assert.Superset(new HashSet<string>(CheckPolicy.BuiltInKinds), new HashSet<string>(_engine.Engine.Kinds));
        Assert.Equal(CheckPolicy.BuiltInKinds.Count, _engine.Engine.Kinds.Count);
    }

    [Fact]
    public async Task Dnsbl_reports_the_listing_with_the_zone_text()
    {
        var listed = Answered<BlocklistInterpretation>(await RunOne(Check.Dnsbl("bl", Ip("192.0.2.10"), "bl.dns.test")));
        Assert.True(listed.Listed);
        Assert.Contains("Listed: see https://bl.dns.test/192.0.2.10", listed.Reason);
        Assert.False(Answered<BlocklistInterpretation>(await RunOne(Check.Dnsbl("bl", Ip("192.0.2.200"), "bl.dns.test"))).Listed);
    }

    [Fact]
    public async Task A_blocklist_refusal_code_is_an_error_not_a_listing()
    {
        var r = await RunOne(Check.Dnsbl("bl", Ip("192.0.2.66"), "bl.dns.test"));
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains("refuses the query", r.Error);
    }

    [Fact]
    public async Task Rhsbl_and_hashbl_find_their_listings()
    {
        Assert.True(Answered<BlocklistInterpretation>(await RunOne(Check.Rhsbl("rhs", "spammer.example", "rhs.dns.test"))).Listed);
        Assert.True(Answered<BlocklistInterpretation>(await RunOne(Check.Hashbl("hash", "Spammer@Example.test", "hash.dns.test", HashblAlgorithm.Md5))).Listed);
        Assert.True(Answered<BlocklistInterpretation>(await RunOne(Check.Hashbl("hash", "spammer@example.test", "hash.dns.test", HashblAlgorithm.Sha256))).Listed);
    }

    [Fact]
    public async Task Rdns_confirms_forward_and_flags_a_liar()
    {
        var good = Answered<RdnsInterpretation>(await RunOne(Check.Rdns("rdns", Ip("192.0.2.25"))));
        Assert.True(good.Fcrdns);
        Assert.False(good.Hit);
        var liar = Answered<RdnsInterpretation>(await RunOne(Check.Rdns("rdns", Ip("192.0.2.26"))));
        Assert.True(liar.Hit);
        Assert.Contains("does not resolve back", liar.Reason);
    }

    [Fact]
    public async Task Dns_spf_txt_spf_and_dmarc_kinds_answer_from_the_real_server()
    {
        var mx = Answered<DnsRecordsInterpretation>(await RunOne(Check.Dns("mx", "dns.test", "MX")));
        Assert.Equal(2, mx.Records.Count);
        var txt = Answered<SpfTxtInterpretation>(await RunOne(new CheckSpec("txt", DnsCheckKinds.SpfTxt, new SpfTxtQuery("spf.dns.test"))));
        Assert.Equal("v=spf1 ip4:192.0.2.0/24 -all", txt.Record);
        var fail = Answered<SpfInterpretation>(await RunOne(Check.Spf("spf", Ip("198.51.100.1"), "user@ip4.spf.test", "mail.example")));
        Assert.True(fail.Hit);
        Assert.Contains("does not designate", fail.Reason);
        var dmarc = Answered<DmarcInterpretation>(await RunOne(Check.Dmarc("dmarc", "mail.dmarc.test")));
        Assert.Equal("reject", dmarc.P);
        Assert.Equal("dmarc.test", dmarc.PolicyDomain);
    }

    [Fact]
    public async Task Clamd_finds_eicar_in_the_spooled_message_and_passes_a_clean_one()
    {
        using var dir = TestEnv.NewTempDir();
        var file = Path.Combine(dir.Path, "eicar.eml");
        await File.WriteAllBytesAsync(file, ClamdTestData.EicarBytes);
        var virus = Answered<ClamavInterpretation>(await RunOne(Check.Clamd("clam", MessageContent.FromFile(file))));
        Assert.Equal(ClamdTestData.EicarName, virus.Name);
        var clean = Answered<ClamavInterpretation>(await RunOne(Check.Clamd("clam", MessageContent.FromBytes(ClamdTestData.CleanMessage()))));
        Assert.False(clean.Hit);
    }

    [Fact]
    public async Task Spamc_and_rspamd_call_gtube_spam()
    {
        var gtube = MessageContent.FromBytes(Encoding.ASCII.GetBytes(TestMessages.Gtube()));
        var sa = Answered<SpamAssassinInterpretation>(await RunOne(Check.Spamc("sa", gtube)));
        Assert.True(sa.IsSpam);
        Assert.Contains("GTUBE", sa.Symbols);
        var envelope = new MessageEnvelope(Ip("192.0.2.25"), "mail.good.dns.test", "alice@example.com", ["bob@example.com"]);
        var rs = Answered<RspamdInterpretation>(await RunOne(Check.Rspamd("rs", gtube, envelope)));
        Assert.True(rs.Hit);
    }

    [Fact]
    public async Task Process_runs_argv_and_maps_its_exit_code()
    {
        var clamdscan = new ProcessRunOptions
        {
            FileName = "clamdscan",
            Arguments = ["--stream", "--no-summary", "--stdout", "--config-file=" + TestEnv.Require("SIFT_TEST_CLAMD_CONF"), "-"],
            ExitCodes = ExitCodeMap.Clamdscan,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var hit = Answered<ProcessInterpretation>(await RunOne(Check.Process("scan", clamdscan, MessageContent.FromBytes(ClamdTestData.EicarBytes))));
        Assert.Equal(1, hit.ExitCode);
        Assert.Contains(ClamdTestData.EicarName, hit.Reason);
        var error = await RunOne(Check.Process("scan", clamdscan with { FileName = "/nonexistent/program" }));
        Assert.Equal(CheckStatus.Error, error.Status);
    }

    [Fact]
    public async Task A_dns_check_past_the_message_budget_fails_without_a_query()
    {
        var budget = new DnsRequestBudget(1);
        var result = await _engine.Engine.RunChecksAsync(
        [
            new CheckSpec("one", CheckKinds.Dnsbl, new DnsCheckParameters(new DnsblQuery(Ip("192.0.2.200"), "bl.dns.test"), budget)),
            new CheckSpec("two", CheckKinds.Dnsbl, new DnsCheckParameters(new DnsblQuery(Ip("192.0.2.201"), "bl.dns.test"), budget)),
        ]);
        Assert.Single(result.Checks, c => c.Status == CheckStatus.Answered);
        Assert.Contains(result.Checks, c => c.Status == CheckStatus.Error && c.Error!.Contains("budget of 1"));
    }

    [Fact]
    public async Task A_blocklist_answer_in_the_cache_is_given_on_the_callers_thread_as_the_lookup_gave_it()
    {
        var dns = _engine.Backends.Dns!;
        var metrics = _engine.Engine.Metrics;
        var checks = new[]
        {
            Check.Dnsbl("listed", Ip("192.0.2.10"), "bl.dns.test"),
            Check.Dnsbl("clean", Ip("192.0.2.222"), "bl.dns.test"),
            Check.Rhsbl("rhs", "spammer.example", "rhs.dns.test"),
            Check.Hashbl("hash", "Spammer@Example.test", "hash.dns.test", HashblAlgorithm.Md5),
        };
        var inlineBefore = metrics.BatchesAnsweredInline;
        var asked = await _engine.Engine.RunChecksAsync(checks);
        Assert.Equal(inlineBefore, metrics.BatchesAnsweredInline);

        var sent = dns.Counters.Sent;
        var hits = dns.Counters.FromCache;
        var again = await _engine.Engine.RunChecksAsync(checks);
        Assert.Equal(inlineBefore + 1, metrics.BatchesAnsweredInline);
        Assert.Equal(sent, dns.Counters.Sent);
        Assert.Equal(hits + 7, dns.Counters.FromCache); // A of each of the four names, TXT of the three listed ones
        for (var i = 0; i < checks.Length; i++)
        {
            Assert.Equal(asked.Checks[i].Status, again.Checks[i].Status);
            Assert.Equal(asked.Checks[i].Interpretation, again.Checks[i].Interpretation);
            Assert.Equal(asked.Checks[i].WeightApplied, again.Checks[i].WeightApplied);
            Assert.False(again.Checks[i].Merged);
        }
        Assert.True(Answered<BlocklistInterpretation>(again.Checks[0]).Listed);
        Assert.False(Answered<BlocklistInterpretation>(again.Checks[1]).Listed);
        Assert.Equal(asked.Score, again.Score);
        Assert.Equal(asked.Verdict, again.Verdict);
    }

    [Fact]
    public async Task A_cached_blocklist_answer_still_counts_against_the_message_budget()
    {
        await RunOne(Check.Dnsbl("warm", Ip("192.0.2.210"), "bl.dns.test"));
        await RunOne(Check.Dnsbl("warm", Ip("192.0.2.211"), "bl.dns.test"));
        var budget = new DnsRequestBudget(1);
        var inlineBefore = _engine.Engine.Metrics.BatchesAnsweredInline;
        var result = await _engine.Engine.RunChecksAsync(
        [
            new CheckSpec("one", CheckKinds.Dnsbl, new DnsCheckParameters(new DnsblQuery(Ip("192.0.2.210"), "bl.dns.test"), budget)),
            new CheckSpec("two", CheckKinds.Dnsbl, new DnsCheckParameters(new DnsblQuery(Ip("192.0.2.211"), "bl.dns.test"), budget)),
        ]);
        Assert.Equal(inlineBefore + 1, _engine.Engine.Metrics.BatchesAnsweredInline);
        Assert.Equal(CheckStatus.Answered, result.Checks[0].Status);
        Assert.Equal(CheckStatus.Error, result.Checks[1].Status);
        Assert.Contains("budget of 1", result.Checks[1].Error);
        Assert.Equal(1, budget.Used);
    }

    [Fact]
    public async Task A_batch_with_one_blocklist_answer_cached_and_one_not_answers_both()
    {
        await RunOne(Check.Dnsbl("warm", Ip("192.0.2.10"), "bl.dns.test"));
        var sent = _engine.Backends.Dns!.Counters.Sent;
        var result = await _engine.Engine.RunChecksAsync(
        [
            Check.Dnsbl("cached", Ip("192.0.2.10"), "bl.dns.test"),
            Check.Dnsbl("fresh", Ip("192.0.2.240"), "bl.dns.test"),
        ]);
        Assert.Equal(sent + 1, _engine.Backends.Dns!.Counters.Sent);
        Assert.True(Answered<BlocklistInterpretation>(result.Checks[0]).Listed);
        Assert.False(Answered<BlocklistInterpretation>(result.Checks[1]).Listed);
    }

    [Fact]
    public async Task A_dns_server_that_never_answers_times_the_check_out()
    {
        var options = new SiftOptions();
        options.Dns.Timeout = TimeSpan.FromMilliseconds(100);
        options.Dns.Attempts = 1;
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        options.Dns.Nameservers = [$"127.0.0.1:{((IPEndPoint)silent.Client.LocalEndPoint!).Port}"];
        await using var silentEngine = ConfiguredEngine.Create(options);
        var r = Assert.Single((await silentEngine.Engine.RunChecksAsync([Check.Dnsbl("bl", Ip("192.0.2.10"), "bl.dns.test")])).Checks);
        Assert.Equal(CheckStatus.TimedOut, r.Status);
    }

    [Fact]
    public async Task Two_clamd_upstreams_with_one_dead_keep_scanning_and_take_the_dead_one_out()
    {
        var options = new SiftOptions();
        options.Backends.Clamd.Upstreams =
        [
            new UpstreamOptions { Address = TestPorts.ClosedLoopbackPort() },
            new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_CLAMD_TCP") },
        ];
        options.Backends.Clamd.Health.ReviveJitter = 0;
        await using var engine = ConfiguredEngine.Create(options);
        var eicar = MessageContent.FromBytes(ClamdTestData.EicarBytes);
        for (var i = 0; i < 8; i++)
        {
            var r = Assert.Single((await engine.Engine.RunChecksAsync([Check.Clamd("clam", eicar)])).Checks);
            Assert.True(r.Status == CheckStatus.Answered, $"scan {i}: {r.Status} {r.Error}");
            Assert.True(r.Interpretation!.Hit);
        }
        var dead = engine.Backends.Clamd!.Members[0];
        Assert.Equal(UpstreamState.Down, dead.State);
        Assert.Equal(UpstreamState.Healthy, engine.Backends.Clamd.Members[1].State);
    }
}

/// <summary>The Mail::MIMEDefang-style drop-ins over the configured backends, against the real daemons.</summary>
public sealed class ConfiguredDropInTests : IAsyncLifetime
{
    private ConfiguredEngine _sift = null!;

    public Task InitializeAsync()
    {
        var options = new SiftOptions();
        options.Dns.Nameservers = [TestEnv.Require("SIFT_TEST_DNS")];
        options.Backends.Clamd.Upstreams = [new UpstreamOptions { Address = TestPorts.ClosedLoopbackPort() }, new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_CLAMD_TCP") }];
        options.Backends.Spamd.Upstreams = [new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_SPAMD") }];
        options.Backends.Rspamd.Upstreams = [new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_RSPAMD") }];
        _sift = ConfiguredEngine.Create(options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _sift.DisposeAsync();

    [Fact]
    public async Task Dns_drop_ins_answer_like_mimedefang()
    {
        // 192.0.2.10 is listed twice (127.0.0.2 and 127.0.0.4); the server may give either first.
        Assert.Contains((await _sift.RelayIsBlacklistedAsync("192.0.2.10", "bl.dns.test")).ToString(), new[] { "127.0.0.2", "127.0.0.4" });
        Assert.Equal("0", (await _sift.RelayIsBlacklistedAsync("192.0.2.200", "bl.dns.test")).ToString());
        Assert.Equal("127.0.0.2", (await _sift.EmailIsBlacklistedAsync("spammer@example.test", "hash.dns.test", "md5")).ToString());
        Assert.Equal("pass", (await _sift.SpfVerifyAsync("user@ip4.spf.test", "192.0.2.10", "mail.example")).Code);
        Assert.Equal("v=DMARC1; p=none", await _sift.DmarcVerifyAsync("own.dmarc.test"));
    }

    [Fact]
    public async Task Scanner_drop_ins_use_the_upstreams_and_fail_over_a_dead_one()
    {
        for (var i = 0; i < 3; i++)
        {
            var virus = await _sift.MessageContainsVirusClamdAsync(MessageContent.FromBytes(ClamdTestData.EicarBytes));
            Assert.Equal((1, "virus", ClamdTestData.EicarName), (virus.Code, virus.Category, virus.VirusName));
        }
        var gtube = MessageContent.FromBytes(Encoding.ASCII.GetBytes(TestMessages.Gtube()));
        var spamc = await _sift.SpamcCheckAsync(gtube);
        Assert.True(spamc is { IsSpam: true }, $"{spamc}");
        var rspamd = await _sift.RspamdCheckAsync(gtube);
        Assert.True(rspamd.IsSpam || rspamd.Action is "reject" or "soft reject", rspamd.ToString());
        Assert.Contains("GTUBE", rspamd.Tests);
    }
}
