using System.Globalization;
using Sift.Engine;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Benchmarks.Engine;

/// <summary>
/// Load tool <c>engine-memory</c>: bytes retained per batch in flight. Starts N batches of six
/// custom checks that wait on one gate, measures <see cref="GC.GetTotalMemory(bool)"/> once all
/// are dispatched, then opens the gate and checks every batch answered. Baseline: the same N×6
/// calls awaited by N bare <see cref="Task.WhenAll(Task[])"/>.
/// Run: <c>dotnet run -c Release --project Benchmarks -- engine-memory [batches]</c>.
/// </summary>
public static class BatchMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var gate = new TaskCompletionSource<CustomAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<object, CancellationToken, ValueTask<CustomAnswer>> check = (_, ct) => new ValueTask<CustomAnswer>(gate.Task.WaitAsync(ct));
        var checks = Enumerable.Range(0, 6).Select(i => Check.Custom("gated", "check" + i, "p" + i)).ToArray();

        var baseline = await MeasureAsync(count, () =>
        {
            var calls = new Task[6];
            for (var i = 0; i < 6; i++)
            {
                calls[i] = check(checks[i].Parameters, CancellationToken.None).AsTask();
            }
            return Task.WhenAll(calls);
        }, () => true, gate);

        gate = new TaskCompletionSource<CustomAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var engine = new FilterEngine(new FilterEngineOptions { GlobalTimeout = TimeSpan.FromMinutes(5), SocketTimeout = TimeSpan.FromMinutes(5) });
        engine.RegisterCustom("gated", check, poolSize: Environment.ProcessorCount, maxInFlightPerWorker: count * 6);
        var engineBytes = await MeasureAsync(count, () => engine.RunChecksAsync(checks), () => engine.Metrics.BatchesStarted >= count, gate);
        if (engine.Metrics.BatchesAnswered != count)
        {
            throw new InvalidOperationException($"{engine.Metrics.BatchesAnswered} of {count} batches answered");
        }

        Console.WriteLine($"batches in flight: {count}, six checks each");
        Console.WriteLine($"Task.WhenAll baseline: {baseline:0} bytes per batch in flight");
        Console.WriteLine($"engine:                {engineBytes:0} bytes per batch in flight ({engineBytes / baseline:0.0}x)");
        return 0;
    }

    private static async Task<double> MeasureAsync(int count, Func<Task> start, Func<bool> allStarted, TaskCompletionSource<CustomAnswer> gate)
    {
        var before = Settle();
        var batches = new Task[count];
        for (var i = 0; i < count; i++)
        {
            batches[i] = start();
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!allStarted())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("batches did not all start");
            }
            await Task.Delay(10).ConfigureAwait(false);
        }
        var bytes = (Settle() - before) / (double)count;
        gate.SetResult(CustomAnswer.Ok());
        await Task.WhenAll(batches).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        GC.KeepAlive(batches);
        return bytes;
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
