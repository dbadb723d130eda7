using System.Diagnostics;
using System.Net;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Dns;

namespace Sift.Engine.Tests.Protocols.Dns;

/// <summary>What the real server cannot be made to do on demand: silence, SERVFAIL, spoofing, bad packets.</summary>
public class DnsClientFaultTests
{
    private static readonly ARecord Real = new("www.fake.test", 60, IPAddress.Parse("192.0.2.1"));

    /// <summary>Half a second per try: short for the silent fakes, long enough for unbound on a loaded machine.</summary>
    private static DnsClient Client(params IPEndPoint[] servers) => new(new DnsClientOptions
    {
        Servers = servers,
        Timeout = TimeSpan.FromMilliseconds(500),
        Attempts = 1,
        CacheEntries = 0,
    });

    [Fact]
    public async Task A_server_that_never_answers_times_out_within_the_bound()
    {
        using var silent = new FakeDnsServer((_, _) => []);
        var options = new DnsClientOptions { Servers = [silent.EndPoint], Timeout = TimeSpan.FromMilliseconds(150), Attempts = 2, CacheEntries = 0 };
        using var client = new DnsClient(options);
        var sw = Stopwatch.StartNew();
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.TimedOut, r.Status);
        // Two tries of 150 ms; the upper bound only guards against waiting without end on a loaded machine.
        Assert.InRange(sw.ElapsedMilliseconds, 290, 5000);
        // The fake counts on its own loop: give it a bounded moment to have seen the second try.
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (silent.Queries < 2 && DateTime.UtcNow < deadline) await Task.Yield();
        Assert.Equal(2, silent.Queries);
    }

    [Fact]
    public async Task A_silent_first_server_fails_over_to_the_real_one()
    {
        using var silent = new FakeDnsServer((_, _) => []);
        using var client = Client(silent.EndPoint, NameServer.Parse(TestEnv.Require("SIFT_TEST_DNS")));
        var r = await client.QueryAsync("www.dns.test", DnsRecordType.A);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal(1, silent.Queries);
        Assert.Equal(NameServer.Parse(TestEnv.Require("SIFT_TEST_DNS")), r.Server);
    }

    [Fact]
    public async Task Servfail_moves_on_to_the_next_server()
    {
        using var failing = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q, DnsResponseCode.ServFail)]);
        using var client = Client(failing.EndPoint, NameServer.Parse(TestEnv.Require("SIFT_TEST_DNS")));
        var r = await client.QueryAsync("www.dns.test", DnsRecordType.A);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal(1, failing.Queries);
    }

    [Fact]
    public async Task Servfail_from_every_server_is_an_answer_with_that_code_and_is_not_cached()
    {
        using var failing = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q, DnsResponseCode.ServFail)]);
        using var client = new DnsClient(new DnsClientOptions { Servers = [failing.EndPoint], Attempts = 1 });
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.Answered, r.Status);
        Assert.Equal(DnsResponseCode.ServFail, r.ResponseCode);
        await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(2, failing.Queries);
    }

    [Fact]
    public async Task A_reply_with_a_wrong_id_that_arrives_first_is_dropped()
    {
        using var server = new FakeDnsServer((q, _) =>
        {
            var spoofed = FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real with { Address = IPAddress.Parse("203.0.113.66") });
            spoofed[0] ^= 0x55; // another ID
            return [spoofed, FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real)];
        });
        using var client = Client(server.EndPoint);
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.Single(r.Records<ARecord>()).Address);
        Assert.Equal(1, client.Counters.UnknownId);
    }

    [Fact]
    public async Task A_reply_with_the_right_id_but_another_question_is_dropped()
    {
        using var server = new FakeDnsServer((q, _) =>
        {
            var other = new DnsWriter().Question("evil.fake.test", DnsRecordType.A)
                .Answer(new ARecord("evil.fake.test", 60, IPAddress.Parse("203.0.113.66"))).ToArray(q.Header.Id, 0x8180);
            return [other, FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real)];
        });
        using var client = Client(server.EndPoint);
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.Single(r.Records<ARecord>()).Address);
        Assert.Equal(1, client.Counters.WrongQuestion);
    }

    [Fact]
    public async Task A_reply_with_the_right_id_and_question_from_another_port_is_dropped()
    {
        FakeDnsServer? server = null;
        server = new FakeDnsServer((q, _) =>
        {
            FakeDnsServer.SendFromElsewhere(FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real with { Address = IPAddress.Parse("203.0.113.66") }), server!.LastClient!);
            return [FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real)];
        });
        using (server)
        {
            using var client = Client(server.EndPoint);
            var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
            Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.Single(r.Records<ARecord>()).Address);
            Assert.Equal(1, client.Counters.WrongSource);
        }
    }

    [Fact]
    public async Task Question_names_match_case_insensitively()
    {
        using var server = new FakeDnsServer((q, _) =>
            [new DnsWriter().Question("WWW.Fake.TEST", DnsRecordType.A).Answer(Real).ToArray(q.Header.Id, 0x8180)]);
        using var client = Client(server.EndPoint);
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.True(r.IsSuccess, r.ToString());
    }

    [Fact]
    public async Task A_malformed_matching_reply_is_an_error_not_an_exception()
    {
        using var server = new FakeDnsServer((q, raw) =>
        {
            var reply = FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real);
            reply[7] = 9; // ANCOUNT 9, only one record present
            return [reply];
        });
        using var client = Client(server.EndPoint);
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.Error, r.Status);
        Assert.Contains("malformed", r.Error);
    }

    [Fact]
    public async Task A_reply_cut_short_moves_on_to_the_next_server()
    {
        using var cut = new FakeDnsServer((q, _) =>
        {
            var whole = FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real);
            return [whole[..^3]]; // the A record's RDATA is cut
        });
        using var client = Client(cut.EndPoint, NameServer.Parse(TestEnv.Require("SIFT_TEST_DNS")));
        var r = await client.QueryAsync("www.dns.test", DnsRecordType.A);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal(1, cut.Queries);
        Assert.Equal(1, client.Counters.Malformed);
    }

    [Fact]
    public async Task Short_and_garbage_datagrams_do_not_stop_the_receive_loop()
    {
        using var server = new FakeDnsServer((q, _) =>
            [[1, 2, 3], new byte[12], Enumerable.Repeat((byte)0xC0, 300).ToArray(), FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real)]);
        using var client = Client(server.EndPoint);
        for (int i = 0; i < 3; i++)
        {
            var r = await client.QueryAsync($"www.fake.test", DnsRecordType.A);
            Assert.True(r.IsSuccess, r.ToString());
        }
        Assert.True(client.Counters.Malformed + client.Counters.UnknownId >= 6);
    }

    [Fact]
    public async Task A_truncated_udp_reply_is_repeated_over_tcp()
    {
        using var server = new FakeDnsServer(
            (q, _) => [FakeDnsServer.Reply(q, DnsResponseCode.NoError, truncated: true)],
            q => FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real));
        using var client = Client(server.EndPoint);
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.True(r.ViaTcp);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.Single(r.Records<ARecord>()).Address);
    }

    [Fact]
    public async Task A_tcp_reply_for_another_question_is_an_error()
    {
        using var server = new FakeDnsServer(
            (q, _) => [FakeDnsServer.Reply(q, DnsResponseCode.NoError, truncated: true)],
            q => new DnsWriter().Question("evil.fake.test", DnsRecordType.A).ToArray(q.Header.Id, 0x8180));
        using var client = Client(server.EndPoint);
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.Error, r.Status);
    }

    [Fact]
    public async Task A_cname_loop_is_an_error_not_an_endless_chase()
    {
        using var server = new FakeDnsServer((q, _) =>
        {
            var name = q.Questions[0].Name;
            var target = name.StartsWith("a.", StringComparison.Ordinal) ? "b.loop.test" : "a.loop.test";
            return [FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, new CnameRecord(name, 60, target))];
        });
        using var client = Client(server.EndPoint);
        var r = await client.QueryAsync("a.loop.test", DnsRecordType.A);
        Assert.Equal(DnsQueryStatus.Error, r.Status);
        Assert.InRange(server.Queries, 2, 9);
    }

    [Fact]
    public async Task Rotate_spreads_queries_over_the_servers()
    {
        using var a = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real)]);
        using var b = new FakeDnsServer((q, _) => [FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, Real)]);
        using var client = new DnsClient(new DnsClientOptions { Servers = [a.EndPoint, b.EndPoint], Rotate = true, CacheEntries = 0 });
        for (int i = 0; i < 10; i++) await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.Equal(5, a.Queries);
        Assert.Equal(5, b.Queries);
    }
}
