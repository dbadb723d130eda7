using Sift.Actors.TestKit;

namespace Sift.Engine.Tests.Actors.TestKit;

public sealed class VirtualTimeProviderTests
{
    [Fact]
    public void Timers_fire_in_due_order_only_when_time_is_advanced_past_them()
    {
        var time = new VirtualTimeProvider();
        var fired = new List<string>();
        using var late = time.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(["early", "late"], fired);
        Assert.Equal(TimeSpan.FromSeconds(24.9), time.Elapsed);
        Assert.Equal(0, time.ScheduledTimerCount);
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_crossed_and_sees_the_time_of_each_firing()
    {
        var time = new VirtualTimeProvider();
        var seen = new List<TimeSpan>();
        using var timer = time.CreateTimer(_ => seen.Add(time.Elapsed), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)], seen);
    }

    [Fact]
    public void A_disposed_or_changed_timer_does_not_fire_at_its_old_time()
    {
        var time = new VirtualTimeProvider();
        var count = 0;
        var disposed = time.CreateTimer(_ => count += 100, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        using var moved = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        moved.Change(TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, count);
        Assert.Equal(1, time.TimerCount);
    }

    [Fact]
    public async Task Task_Delay_on_the_virtual_clock_completes_when_advanced_not_before()
    {
        var time = new VirtualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 10, TimeSpan.Zero), time.GetUtcNow());
    }
}
