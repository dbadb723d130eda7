using System.Diagnostics;

namespace Sift.Benchmarks.Milter;

/// <summary>Messages per second and latency percentiles of one load run.</summary>
internal sealed record LoadResult(double PerSecond, double P50, double P99)
{
    /// <summary>Runs <paramref name="sessions"/> loops for <paramref name="seconds"/> (after a 1 s warm-up) and measures them.</summary>
    public static async Task<LoadResult> MeasureAsync(int sessions, double seconds, Func<Recorder, CancellationToken, Task> session)
    {
        var warmup = new Recorder();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(() => session(warmup, stop.Token))));
        }
        var recorders = Enumerable.Range(0, sessions).Select(_ => new Recorder()).ToArray();
        var clock = Stopwatch.StartNew();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds)))
        {
            await Task.WhenAll(recorders.Select(r => Task.Run(() => session(r, stop.Token))));
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = recorders.SelectMany(r => r.Latencies).Order().ToArray();
        return new LoadResult(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>Latencies of one session's messages, in milliseconds.</summary>
    internal sealed class Recorder
    {
        public List<double> Latencies { get; } = new(100_000);

        public void Record(long started) => Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
