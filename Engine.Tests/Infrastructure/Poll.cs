namespace Sift.Engine.Tests.Infrastructure;

/// <summary>Waits for a condition with a bounded deadline (no fixed sleeps in tests).</summary>
public static class Poll
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails the test after <paramref name="limit"/> (default 10 s).</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? limit = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what ?? "a condition"}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Returns the first non-null value of <paramref name="probe"/>; fails the test after <paramref name="limit"/>.</summary>
    public static async Task<T> ForAsync<T>(Func<T?> probe, TimeSpan? limit = null, string? what = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what ?? "a value"}");
            }
            await Task.Delay(20);
        }
    }
}
