using System.Diagnostics;
using System.Net;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Dns;

namespace Sift.Engine.Tests.Protocols.Dns;

/// <summary>Where and when callers get their answers: the receive path's hand-offs and its limits.</summary>
public class DnsClientDeliveryTests
{
    [Fact]
    public async Task Callers_continue_on_thread_pool_threads_never_on_the_receive_thread()
    {
        // A reply that is published before its caller reaches the await completes the lookup
        // synchronously: that caller goes on on its own thread (here an xunit worker, a
        // ".NET Long Running Task" thread), which is fine. Every other caller continues on a
        // thread-pool thread; none ever on the receive thread.
        using var client = new DnsClient(DnsClientOptions.ForServers(TestEnv.Require("SIFT_TEST_DNS")) with { CacheEntries = 0, UdpSockets = 1 });
        async Task<(bool Pool, bool Caller, string? Name, bool Success)> Lookup(int i)
        {
            var caller = Environment.CurrentManagedThreadId;
            var r = await client.QueryAsync($"h{i}.load.dns.test", DnsRecordType.A).ConfigureAwait(false);
            return (Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId == caller, Thread.CurrentThread.Name, r.IsSuccess);
        }
        var seen = await Task.WhenAll(Enumerable.Range(0, 300).Select(Lookup));
        Assert.All(seen, s =>
        {
            Assert.True(s.Success);
            Assert.NotEqual("sift-dns-udp", s.Name);
            Assert.True(s.Pool || s.Caller, $"continued on thread '{s.Name}', neither a pool thread nor the caller's");
        });
        Assert.Contains(seen, s => s.Pool);
    }

    [Fact]
    public async Task A_timed_out_caller_continues_on_the_thread_pool()
    {
        using var silent = new FakeDnsServer((_, _) => []);
        using var client = new DnsClient(new DnsClientOptions { Servers = [silent.EndPoint], Timeout = TimeSpan.FromMilliseconds(100), Attempts = 1, CacheEntries = 0 });
        async Task<(DnsQueryStatus Status, bool Pool, string? Name)> Lookup()
        {
            var r = await client.QueryAsync("www.fake.test", DnsRecordType.A).ConfigureAwait(false);
            return (r.Status, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name);
        }
        var seen = await Lookup();
        Assert.Equal(DnsQueryStatus.TimedOut, seen.Status);
        Assert.True(seen.Pool);
        Assert.NotEqual("sift-dns-udp", seen.Name);
    }

    [Fact]
    public async Task Disposing_the_client_ends_a_waiting_lookup_at_once()
    {
        using var silent = new FakeDnsServer((_, _) => []);
        var client = new DnsClient(new DnsClientOptions { Servers = [silent.EndPoint], Timeout = TimeSpan.FromSeconds(30), Attempts = 1, CacheEntries = 0 });
        var lookup = client.QueryAsync("www.fake.test", DnsRecordType.A).AsTask();
        var deadline = Stopwatch.StartNew();
        while (silent.Queries == 0 && deadline.Elapsed < TimeSpan.FromSeconds(5)) await Task.Yield();
        Assert.Equal(1, silent.Queries);
        var sw = Stopwatch.StartNew();
        client.Dispose();
        var r = await lookup.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DnsQueryStatus.Error, r.Status);
        Assert.InRange(sw.ElapsedMilliseconds, 0, 4000);
    }

    [Fact]
    public async Task A_reply_larger_than_the_receive_slot_is_dropped_as_malformed()
    {
        // 4096 octets is the smallest slot of the batched (Linux) receive path; the query advertises 1232 (RFC 6891 §6.2.5).
        using var server = new FakeDnsServer((q, _) =>
        {
            var reply = FakeDnsServer.Reply(q, DnsResponseCode.NoError, false, new ARecord("www.fake.test", 60, IPAddress.Parse("192.0.2.1")));
            var oversized = new byte[5000];
            reply.CopyTo(oversized, 0);
            return [oversized];
        });
        using var client = new DnsClient(new DnsClientOptions { Servers = [server.EndPoint], Timeout = TimeSpan.FromMilliseconds(300), Attempts = 1, CacheEntries = 0 });
        var r = await client.QueryAsync("www.fake.test", DnsRecordType.A);
        Assert.NotEqual(DnsQueryStatus.Answered, r.Status);
        Assert.True(client.Counters.Malformed >= 1);
    }
}
