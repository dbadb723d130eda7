using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Dns;

namespace Sift.Engine.Tests.Protocols.Dns;

/// <summary>The client's cache, against unbound, on a clock the test moves.</summary>
public class DnsCacheTests
{
    /// <summary>A clock that only moves when told (timers still run on the system clock).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private static DnsClient Client(ManualClock clock, int entries = 100) => new(DnsClientOptions.ForServers(TestEnv.Require("SIFT_TEST_DNS")) with
    {
        CacheEntries = entries,
        TimeProvider = clock,
    });

    [Fact]
    public async Task TryGetCached_gives_what_the_cache_holds_and_never_sends()
    {
        var clock = new ManualClock();
        using var client = Client(clock);
        Assert.False(client.TryGetCached("10.2.0.192.bl.dns.test", DnsRecordType.A, out _));
        Assert.Equal(0, client.Counters.Sent);

        var asked = await client.QueryAsync("10.2.0.192.bl.dns.test", DnsRecordType.A);
        var sent = client.Counters.Sent;
        var hits = client.Counters.FromCache;
        Assert.True(client.TryGetCached("10.2.0.192.BL.dns.test", DnsRecordType.A, out var cached));
        Assert.True(cached.FromCache);
        Assert.Equal(asked.Records<ARecord>().Select(r => r.Address), cached.Records<ARecord>().Select(r => r.Address));
        Assert.Equal(hits + 1, client.Counters.FromCache);
        Assert.True(client.TryGetCached("10.2.0.192.bl.dns.test", DnsRecordType.A, out _, countHit: false));
        Assert.Equal(hits + 1, client.Counters.FromCache);
        Assert.False(client.TryGetCached("10.2.0.192.bl.dns.test", DnsRecordType.TXT, out _));
        Assert.False(client.TryGetCached("bad..name", DnsRecordType.A, out _));

        clock.Advance(TimeSpan.FromSeconds(301));
        Assert.False(client.TryGetCached("10.2.0.192.bl.dns.test", DnsRecordType.A, out _));
        Assert.Equal(sent, client.Counters.Sent);
    }

    [Fact]
    public async Task A_negative_answer_expires_after_the_soa_minimum()
    {
        var clock = new ManualClock();
        using var client = Client(clock);
        await client.QueryAsync("gone.bl.dns.test", DnsRecordType.A);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await client.QueryAsync("gone.bl.dns.test", DnsRecordType.A)).FromCache);
        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await client.QueryAsync("gone.bl.dns.test", DnsRecordType.A);
        Assert.False(fresh.FromCache);
        Assert.Equal(DnsResponseCode.NXDomain, fresh.ResponseCode);
    }

    [Fact]
    public async Task A_positive_answer_lives_for_its_ttl()
    {
        var clock = new ManualClock();
        using var client = Client(clock);
        await client.QueryAsync("www.dns.test", DnsRecordType.A);
        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.True((await client.QueryAsync("www.dns.test", DnsRecordType.A)).FromCache);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await client.QueryAsync("www.dns.test", DnsRecordType.A)).FromCache);
    }

    [Fact]
    public async Task The_cache_is_bounded_and_drops_the_least_recently_used()
    {
        var clock = new ManualClock();
        using var client = Client(clock, entries: 2);
        await client.QueryAsync("a.bl.dns.test", DnsRecordType.A);
        await client.QueryAsync("b.bl.dns.test", DnsRecordType.A);
        await client.QueryAsync("a.bl.dns.test", DnsRecordType.A); // a is now the most recent
        await client.QueryAsync("c.bl.dns.test", DnsRecordType.A); // evicts b
        Assert.Equal(2, client.CachedEntries);
        Assert.True((await client.QueryAsync("a.bl.dns.test", DnsRecordType.A)).FromCache);
        Assert.False((await client.QueryAsync("b.bl.dns.test", DnsRecordType.A)).FromCache);
    }

    [Fact]
    public async Task Names_are_cached_case_insensitively()
    {
        using var client = Client(new ManualClock());
        await client.QueryAsync("WWW.dns.test", DnsRecordType.A);
        Assert.True((await client.QueryAsync("www.DNS.test.", DnsRecordType.A)).FromCache);
    }
}
