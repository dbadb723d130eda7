using Sift.Actors.TestKit;
using Sift.Protocols.Net;

namespace Sift.Engine.Tests.Protocols.Net;

/// <summary>The upstream health state machine, on virtual time.</summary>
public class UpstreamSetTests
{
    private readonly VirtualTimeProvider _time = new();

    private UpstreamSet<string> Set(int count, UpstreamHealthPolicy? policy = null, params int[] weights) =>
        new(Enumerable.Range(0, count).Select(i => ($"u{i}", $"u{i}", weights.Length > i ? weights[i] : 1)),
            policy ?? new UpstreamHealthPolicy { ReviveJitter = 0 }, _time);

    private static void Fail(UpstreamSet<string> set, Upstream<string> u, int times)
    {
        for (var i = 0; i < times; i++)
        {
            set.Release(Reacquire(set, u, set.TryAcquire()), failed: true);
        }
    }

    /// <summary>Takes upstreams until <paramref name="wanted"/> comes up, giving back the others unharmed.</summary>
    private static Upstream<string> Reacquire(UpstreamSet<string> set, Upstream<string> wanted, Upstream<string>? got)
    {
        var held = new List<Upstream<string>>();
        while (got is not null && !ReferenceEquals(got, wanted))
        {
            held.Add(got);
            got = set.TryAcquire();
        }
        foreach (var h in held) set.Release(h, failed: false);
        return got ?? throw new InvalidOperationException($"{wanted} was not offered");
    }

    [Fact]
    public void The_least_loaded_upstream_is_chosen()
    {
        var set = Set(3);
        var a = set.TryAcquire()!;
        var b = set.TryAcquire()!;
        var c = set.TryAcquire()!;
        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
        set.Release(b, failed: false);
        Assert.Same(b, set.TryAcquire());
    }

    [Fact]
    public void Weight_gives_an_upstream_a_larger_share_of_requests_in_flight()
    {
        var set = Set(2, null, 3, 1);
        var held = Enumerable.Range(0, 8).Select(_ => set.TryAcquire()!).ToList();
        Assert.Equal(6, held.Count(u => u.Address == "u0"));
        Assert.Equal(2, held.Count(u => u.Address == "u1"));
    }

    [Fact]
    public void Four_failures_within_ten_seconds_take_an_upstream_out_and_three_do_not()
    {
        var set = Set(2);
        var u0 = set.Members[0];
        Fail(set, u0, 3);
        Assert.Equal(UpstreamState.Healthy, u0.State);
        _time.Advance(TimeSpan.FromSeconds(9));
        Fail(set, u0, 1);
        Assert.Equal(UpstreamState.Down, u0.State);
        for (var i = 0; i < 5; i++)
        {
            var u = set.TryAcquire()!;
            Assert.Same(set.Members[1], u);
            set.Release(u, failed: false);
        }
    }

    [Fact]
    public void Failures_spread_over_more_than_the_window_keep_an_upstream_in()
    {
        var set = Set(2);
        var u0 = set.Members[0];
        for (var i = 0; i < 8; i++)
        {
            Fail(set, u0, 1);
            _time.Advance(TimeSpan.FromSeconds(4));
        }
        Assert.Equal(UpstreamState.Healthy, u0.State);
    }

    [Fact]
    public void A_downed_upstream_is_skipped_for_sixty_seconds_then_probed_once_and_revived_by_a_success()
    {
        var set = Set(2);
        var u0 = set.Members[0];
        Fail(set, u0, 4);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(set.TryAcquire(exclude: set.Members[1]));
        _time.Advance(TimeSpan.FromSeconds(1));
        var probe = set.TryAcquire(exclude: set.Members[1]);
        Assert.Same(u0, probe);
        Assert.Equal(UpstreamState.Probing, u0.State);
        Assert.Null(set.TryAcquire(exclude: set.Members[1])); // one probe at a time
        set.Release(probe!, failed: false);
        Assert.Equal(UpstreamState.Healthy, u0.State);
        Assert.Equal(0, u0.RecentErrors);
    }

    [Fact]
    public void A_failed_probe_takes_the_upstream_out_for_another_period()
    {
        var set = Set(1, new UpstreamHealthPolicy { MaxErrors = 2, ErrorWindow = TimeSpan.FromSeconds(5), ReviveAfter = TimeSpan.FromSeconds(30), ReviveJitter = 0 });
        var u = set.Members[0];
        Fail(set, u, 2);
        Assert.Null(set.TryAcquire());
        _time.Advance(TimeSpan.FromSeconds(30));
        var probe = set.TryAcquire()!;
        set.Release(probe, failed: true);
        Assert.Equal(UpstreamState.Down, u.State);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(set.TryAcquire());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Same(u, set.TryAcquire());
    }

    [Fact]
    public void Revive_jitter_spreads_the_time_out_within_its_share()
    {
        var set = new UpstreamSet<string>([("u", "u", 1)], new UpstreamHealthPolicy { MaxErrors = 1, ReviveJitter = 0.25 }, _time, new Random(7));
        Fail(set, set.Members[0], 1);
        _time.Advance(TimeSpan.FromSeconds(44.9));
        Assert.Null(set.TryAcquire());
        _time.Advance(TimeSpan.FromSeconds(30.2));
        Assert.NotNull(set.TryAcquire());
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_once_on_another_upstream()
    {
        var set = Set(2);
        var tried = new List<string>();
        var answer = await set.ExecuteAsync((client, _) =>
        {
            tried.Add(client);
            return tried.Count == 1 ? Task.FromException<string>(new TimeoutException("slow")) : Task.FromResult("ok from " + client);
        });
        Assert.Equal(2, tried.Distinct().Count());
        Assert.Equal("ok from " + tried[1], answer);
        Assert.Equal(1, set.Members.Single(m => m.Address == tried[0]).RecentErrors);
        Assert.All(set.Members, m => Assert.Equal(0, m.InFlight));
    }

    [Fact]
    public async Task Two_failures_in_a_row_surface_the_second_and_count_against_both()
    {
        var set = Set(3);
        var calls = 0;
        var e = await Assert.ThrowsAsync<IOException>(() => set.ExecuteAsync<string>((client, _) =>
        {
            calls++;
            throw new IOException("broken " + client);
        }));
        Assert.Equal(2, calls);
        Assert.Equal(2, set.Members.Count(m => m.RecentErrors == 1));
        Assert.StartsWith("broken", e.Message);
    }

    [Fact]
    public async Task When_every_upstream_is_down_a_request_fails_at_once()
    {
        var set = Set(1, new UpstreamHealthPolicy { MaxErrors = 1, ReviveJitter = 0 });
        await Assert.ThrowsAsync<TimeoutException>(() => set.ExecuteAsync<int>((_, _) => throw new TimeoutException()));
        var e = await Assert.ThrowsAsync<UpstreamUnavailableException>(() => set.ExecuteAsync((_, _) => Task.FromResult(1)));
        Assert.Contains("u0 (Down", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_the_upstreams_fault()
    {
        var set = Set(2);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => set.ExecuteAsync<int>((_, ct) => Task.FromCanceled<int>(ct), cts.Token));
        Assert.All(set.Members, m => Assert.Equal(0, m.RecentErrors));
        Assert.All(set.Members, m => Assert.Equal(0, m.InFlight));
    }

    [Fact]
    public async Task Failures_the_caller_does_not_blame_on_the_upstream_are_not_retried()
    {
        var set = Set(2);
        var calls = 0;
        await Assert.ThrowsAsync<FileNotFoundException>(() => set.ExecuteAsync<int>((_, _) =>
        {
            calls++;
            throw new FileNotFoundException();
        }, isUpstreamFailure: e => e is not FileNotFoundException));
        Assert.Equal(1, calls);
        Assert.All(set.Members, m => Assert.Equal(0, m.RecentErrors));
    }
}
