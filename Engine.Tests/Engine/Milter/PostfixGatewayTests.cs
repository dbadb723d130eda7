using System.Diagnostics;
using Sift.Engine.Configuration;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>
/// Sift as Postfix's milter, end to end: swaks → Postfix smtpd → Sift (in process, on the port
/// Postfix's smtpd_milters names) → Postfix → smtp-sink, which writes what it received to files.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class PostfixGatewayTests
{
    private static string Smtp => TestEnv.Require("SIFT_TEST_POSTFIX_SMTP");

    private static int MilterPort => int.Parse(TestEnv.Require("SIFT_TEST_POSTFIX_MILTER_PORT"));

    private static SiftOptions ScannerOptions()
    {
        var options = GatewayHarness.Options(MilterPort);
        options.Backends.Spamd.Upstreams.Add(new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_SPAMD") });
        options.Backends.Clamd.Upstreams.Add(new UpstreamOptions { Address = TestEnv.Require("SIFT_TEST_CLAMD_TCP") });
        options.Checks["spamassassin"] = new CheckOptions { Kind = "spamc", Weight = 9 };
        options.Checks["clamav"] = new CheckOptions { Kind = "clamd", Weight = 9, OnError = "closed" };
        return options;
    }

    [Fact]
    public async Task A_clean_message_is_accepted_and_arrives_with_Sifts_headers()
    {
        await using var gateway = await GatewayHarness.StartAsync(ScannerOptions());
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Plain(1));
        Assert.True(sent.ExitCode == 0, sent.Transcript);
        var queueId = sent.QueueId;
        Assert.NotNull(queueId);
        var delivered = await Sink.WaitForAsync(queueId);
        Assert.Contains("X-Sift-Status: PASS, score=0.0, action=accept", delivered);
        Assert.Contains("X-Spam-Status: No, score=0.0 required=8.0 tests=none", delivered);
        Assert.Contains("X-Spam-Score: 0.0", delivered);
        Assert.Contains("Authentication-Results: ", delivered);
        Assert.Contains("Shall we meet at noon on Thursday", delivered);
        var line = Assert.Single(gateway.Logged(4001), l => l.Contains(queueId));
        Assert.Contains("verdict=PASS action=accept", line);
    }

    [Fact]
    public async Task A_GTUBE_message_is_rejected_with_SpamAssassins_reason()
    {
        await using var gateway = await GatewayHarness.StartAsync(ScannerOptions());
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Gtube(2));
        Assert.NotEqual(0, sent.ExitCode);
        var reply = Assert.Single(sent.Errors);
        Assert.StartsWith("550 5.7.1 Message rejected as spam: SpamAssassin score 1000", reply);
        Assert.Contains("GTUBE", reply);
    }

    [Fact]
    public async Task An_EICAR_message_is_rejected_with_the_virus_name()
    {
        await using var gateway = await GatewayHarness.StartAsync(ScannerOptions());
        var sent = await Swaks.SendAsync(Smtp, Eicar());
        Assert.NotEqual(0, sent.ExitCode);
        var reply = Assert.Single(sent.Errors);
        Assert.StartsWith("550 5.7.1 Message rejected as spam: virus Sift.Test.Eicar", reply);
    }

    [Fact]
    public async Task A_client_listed_in_the_test_DNSBL_is_rejected_at_connect()
    {
        var options = ScannerOptions();
        options.Dns.Nameservers.Add(TestEnv.Require("SIFT_TEST_DNS"));
        options.Checks["gateway-bl"] = new CheckOptions { Kind = "dnsbl", Zone = "bl.gateway.test", Weight = 9 };
        await using var gateway = await GatewayHarness.StartAsync(options);

        var listed = await Swaks.SendAsync(Smtp, TestMessages.Plain(7), localAddress: "127.0.0.2");
        Assert.NotEqual(0, listed.ExitCode);
        // Postfix answers a milter's reject at connect with its own 554 greeting and logs the milter's reply.
        Assert.StartsWith("554 mx.sift.test ESMTP not accepting connections", Assert.Single(listed.Errors));
        await Poll.UntilAsync(() => File.ReadAllText(TestEnv.Require("SIFT_TEST_POSTFIX_LOG")).Contains(
            "milter-reject: CONNECT from unknown[127.0.0.2]: 550 5.7.1 Message rejected as spam: Listed by the gateway test list: 127.0.0.2"),
            what: "Postfix's log of Sift's reply");
        var line = Assert.Single(gateway.Logged(4001));
        Assert.Contains("client=unknown[127.0.0.2] verdict=REJECT action=reject score=9.0 stage=connect", line);

        // Again: the answer is now in the DNS client's cache, so the connect stage's batch is answered on the
        // session's own turn (no aggregator, no DNS pool), with the same verdict.
        var inline = gateway.Engine.Metrics.BatchesAnsweredInline;
        var again = await Swaks.SendAsync(Smtp, TestMessages.Plain(9), localAddress: "127.0.0.2");
        Assert.StartsWith("554 mx.sift.test ESMTP not accepting connections", Assert.Single(again.Errors));
        await Poll.UntilAsync(() => gateway.Logged(4001).Count == 2, what: "Sift's verdict line for the second connection");
        Assert.Contains("client=unknown[127.0.0.2] verdict=REJECT action=reject score=9.0 stage=connect", gateway.Logged(4001)[1]);
        Assert.Equal(inline + 1, gateway.Engine.Metrics.BatchesAnsweredInline);

        var clean = await Swaks.SendAsync(Smtp, TestMessages.Plain(8));
        Assert.True(clean.ExitCode == 0, clean.Transcript);
    }

    [Fact]
    public async Task Postfix_sends_only_connect_and_end_of_message_to_a_policy_with_one_dnsbl()
    {
        var options = GatewayHarness.Options(MilterPort);
        options.Dns.Nameservers.Add(TestEnv.Require("SIFT_TEST_DNS"));
        options.Checks["gateway-bl"] = new CheckOptions { Kind = "dnsbl", Zone = "bl.gateway.test", Weight = 9 };
        await using var gateway = await GatewayHarness.StartAsync(options);
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Plain(9));
        Assert.True(sent.ExitCode == 0, sent.Transcript);
        Assert.Contains("X-Sift-Status: PASS", await Sink.WaitForAsync(sent.QueueId!));
        var server = gateway.Gateway.Server;
        Assert.Equal(1, server.Received(MilterCommand.Connect));
        Assert.Equal(1, server.Received(MilterCommand.EndOfBody));
        foreach (var leftOut in new[] { MilterCommand.Helo, MilterCommand.Mail, MilterCommand.Rcpt, MilterCommand.Data,
                     MilterCommand.Header, MilterCommand.EndOfHeaders, MilterCommand.Body })
        {
            Assert.True(server.Received(leftOut) == 0, $"Postfix sent {leftOut}");
        }
    }

    [Fact]
    public async Task Content_scanners_get_the_message_without_the_envelope_stages_and_the_log_names_the_client_from_the_macros()
    {
        await using var gateway = await GatewayHarness.StartAsync(ScannerOptions());
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Gtube(10));
        Assert.StartsWith("550 5.7.1 Message rejected as spam: SpamAssassin score 1000", Assert.Single(sent.Errors));
        var server = gateway.Gateway.Server;
        Assert.True(server.Received(MilterCommand.Header) > 0, "no header was sent");
        Assert.True(server.Received(MilterCommand.Body) > 0, "no body was sent");
        foreach (var leftOut in new[] { MilterCommand.Connect, MilterCommand.Helo, MilterCommand.Mail, MilterCommand.Rcpt,
                     MilterCommand.Data, MilterCommand.EndOfHeaders })
        {
            Assert.True(server.Received(leftOut) == 0, $"Postfix sent {leftOut}");
        }
        var line = Assert.Single(gateway.Logged(4001));
        Assert.Contains("client=unknown[127.0.0.1] verdict=REJECT", line);
    }

    [Fact]
    public async Task A_stalled_backend_ends_in_Sifts_tempfail_inside_the_global_timeout()
    {
        await using var stalled = ScriptedTcpDaemon.Stalling();
        var options = GatewayHarness.Options(MilterPort);
        options.Engine.GlobalTimeout = TimeSpan.FromSeconds(2);
        options.Engine.SocketTimeout = TimeSpan.FromSeconds(30);
        options.Backends.Spamd.Upstreams.Add(new UpstreamOptions { Address = stalled.HostPort });
        options.Checks["spamassassin"] = new CheckOptions { Kind = "spamc", Weight = 9, OnError = "closed" };
        await using var gateway = await GatewayHarness.StartAsync(options);
        var clock = Stopwatch.StartNew();
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Plain(3));
        var reply = Assert.Single(sent.Errors);
        // Sift's own reply (Postfix's milter timeout is 300 s and would say "Service unavailable").
        Assert.StartsWith("451 4.7.1 Try again later: spamassassin:", reply);
        Assert.Contains("fail-closed", reply);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.True(stalled.Accepted >= 1);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_with_552_and_its_spool_file_is_gone()
    {
        using var spool = TestEnv.NewTempDir();
        var options = ScannerOptions();
        options.Limits.MaxMessageSize = 20_000;
        options.Milter.SpoolMemoryThreshold = 4096;
        options.Milter.SpoolDirectory = spool.Path;
        await using var gateway = await GatewayHarness.StartAsync(options);
        var body = string.Concat(Enumerable.Repeat("All work and no play makes Jack a dull boy.\n", 1000));
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Plain(4) + body);
        var reply = Assert.Single(sent.Errors);
        Assert.StartsWith("552 5.3.4 Message size exceeds the limit", reply);
        Assert.Empty(Directory.GetFiles(spool.Path));
    }

    [Fact]
    public async Task A_message_spooled_to_a_file_is_scanned_and_the_file_is_deleted_after_the_session()
    {
        using var spool = TestEnv.NewTempDir();
        var options = ScannerOptions();
        options.Milter.SpoolMemoryThreshold = 1024;
        options.Milter.SpoolDirectory = spool.Path;
        await using var gateway = await GatewayHarness.StartAsync(options);
        var body = string.Concat(Enumerable.Repeat("Padding to go past the memory threshold of the spool.\n", 100));
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Gtube(5) + body);
        Assert.StartsWith("550 5.7.1", Assert.Single(sent.Errors));
        Assert.Empty(Directory.GetFiles(spool.Path));
    }

    [Fact]
    public async Task Connection_over_the_limit_is_answered_tempfail_at_once()
    {
        var options = ScannerOptions();
        options.Milter.MaxConnections = 1;
        await using var gateway = await GatewayHarness.StartAsync(options);
        // One session held open by a milter client of our own: the limit is reached.
        await using var held = await Sift.Protocols.Milter.MilterClient.ConnectAsync(gateway.EndPoint);
        await held.NegotiateAsync(new(6, (Sift.Protocols.Milter.MilterActions)0x1ff, 0));
        await Poll.UntilAsync(() => gateway.Gateway.Server.ActiveConnections == 1);
        var sent = await Swaks.SendAsync(Smtp, TestMessages.Plain(6));
        var reply = Assert.Single(sent.Errors);
        Assert.StartsWith("451 4.7.1", reply);
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(10), $"took {sent.Elapsed}");
    }

    private static string Eicar() =>
        "From: Alice Example <alice@example.com>\n" +
        "To: Bob Example <bob@example.net>\n" +
        "Subject: Test virus\n" +
        "Message-ID: <eicar@example.com>\n" +
        "MIME-Version: 1.0\n" +
        "Content-Type: multipart/mixed; boundary=\"b1\"\n" +
        "\n" +
        "--b1\n" +
        "Content-Type: text/plain\n\nSee the attachment.\n" +
        "--b1\n" +
        "Content-Type: application/octet-stream; name=\"eicar.com\"\n" +
        "Content-Disposition: attachment; filename=\"eicar.com\"\n" +
        "Content-Transfer-Encoding: base64\n\n" +
        Convert.ToBase64String("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"u8) + "\n" +
        "--b1--\n";
}
