using System.Globalization;
using Sift.Benchmarks.Engine;
using Sift.Engine;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Benchmarks.Load;

/// <summary>
/// Load tool <c>engine-inline-cost</c>: where the time of a batch of six zero-latency checks goes on
/// the engine's inline path, in alternating rounds of one run. Rows: the bare calls with nothing
/// around them (the floor of calling six functions), a bare <see cref="Task.WhenAll(Task[])"/> of
/// them (the issue's baseline), the engine, and the engine on a frozen clock (what reading the
/// clock costs). Each row: batches/s, ns per batch, bytes allocated per batch, ratio to WhenAll.
/// Run: <c>dotnet run -c Release --project Benchmarks -- engine-inline-cost [batches] [in-flight] [sync|yield] [rounds]</c>.
/// </summary>
public static class EngineInlineCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var yield = args.Length > 2 && args[2] == "yield";
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        var check = EngineThroughputTool.ZeroLatencyCheck(yield);
        var checks = EngineThroughputTool.SixChecks("zero");
        await using var engine = Engine(null);
        await using var frozen = Engine(new FrozenClock());

        FilterEngine Engine(TimeProvider? time)
        {
            var e = new FilterEngine(new FilterEngineOptions { TimeProvider = time });
            e.RegisterCustom("zero", check, poolSize: Environment.ProcessorCount, maxInFlightPerWorker: 4096);
            return e;
        }

        Task Calls()
        {
            for (var i = 0; i < 6; i++)
            {
                var call = check(checks[i].Parameters, CancellationToken.None);
                if (!call.IsCompleted)
                {
                    return Rest(call, i);
                }
                _ = call.Result;
            }
            return Task.CompletedTask;

            async Task Rest(ValueTask<CustomAnswer> first, int from)
            {
                await first.ConfigureAwait(false);
                for (var i = from + 1; i < 6; i++)
                {
                    await check(checks[i].Parameters, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        Task WhenAll()
        {
            var calls = new Task<CustomAnswer>[6];
            for (var i = 0; i < 6; i++)
            {
                calls[i] = check(checks[i].Parameters, CancellationToken.None).AsTask();
            }
            return Task.WhenAll(calls);
        }

        // What a caller gets from the engine, built by hand after Task.WhenAll with the engine's public
        // types: one clock read before and one after, each answer interpreted, six CheckResults, the score.
        async Task<BatchResult> WhenAllThenResults()
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var calls = new Task<CustomAnswer>[6];
            for (var i = 0; i < 6; i++)
            {
                calls[i] = check(checks[i].Parameters, CancellationToken.None).AsTask();
            }
            await Task.WhenAll(calls).ConfigureAwait(false);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
            var results = new CheckResult[6];
            var scored = new ScoredCheck[6];
            for (var i = 0; i < 6; i++)
            {
                var interpretation = CustomInterpretation.Interpret(calls[i].Result, checks[i]);
                scored[i] = new ScoredCheck(checks[i].Name, CheckStatus.Answered, interpretation, checks[i].Weight);
                results[i] = new CheckResult(checks[i].Name, checks[i].Kind, CheckStatus.Answered, elapsed, interpretation, null, checks[i].Weight, false);
            }
            var score = Scoring.ScoreResults(scored);
            return new BatchResult(results, score, FilterAction.Accept, ScoringThresholds.Default, [], false, false, elapsed);
        }

        var untyped = Sift.Actors.Checks.CheckCompletion.Untyped(check);
        Task Completions()
        {
            var counter = new CountingReplies(6);
            for (var i = 0; i < 6; i++)
            {
                Sift.Actors.Checks.CheckCompletion.TellWhenDone(untyped(checks[i].Parameters, CancellationToken.None), counter, i, null);
            }
            return counter.Task;
        }

        (string Name, Func<Task> Batch)[] rows =
        [
            (yield ? "six calls awaited in turn (no WhenAll)" : "six bare calls (no Task)", Calls),
            ("Task.WhenAll (baseline)", WhenAll),
            ("Task.WhenAll, then the same results built by hand", WhenAllThenResults),
            ("the engine's completion path alone (untyped executor, reply per check, a counter)", Completions),
            ("engine", () => engine.RunChecksAsync(checks)),
            ("engine, frozen clock", () => frozen.RunChecksAsync(checks)),
        ];
        Console.WriteLine($"{batches} batches of six {(yield ? "Task.Yield" : "synchronous")} checks, {inFlight} in flight, {rounds} rounds (first is warm-up)");
        var rates = new List<double>[rows.Length];
        var bytes = new List<double>[rows.Length];
        var cpu = new List<double>[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            rates[r] = [];
            bytes[r] = [];
            cpu[r] = [];
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            for (var r = 0; r < rows.Length; r++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var rate = await InFlightLoad.RateAsync(batches, inFlight, _ => rows[r].Batch()).ConfigureAwait(false);
                process.Refresh();
                var cpuPerBatch = (process.TotalProcessorTime - cpuBefore).TotalNanoseconds / batches;
                var perBatch = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)batches;
                if (round > 0)
                {
                    rates[r].Add(rate);
                    bytes[r].Add(perBatch);
                    cpu[r].Add(cpuPerBatch);
                }
            }
        }
        var baseline = Median(rates[1]);
        var baselineCpu = Median(cpu[1]);
        Console.WriteLine("| row | batches/s (median) | wall ns per batch | CPU ns per batch | bytes per batch | batches/s ÷ Task.WhenAll (median; range over rounds) | CPU: WhenAll ÷ row |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var r = 0; r < rows.Length; r++)
        {
            var median = Median(rates[r]);
            var ratios = rates[r].Zip(rates[1], (a, b) => a / b).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rows[r].Name} | {median:0} | {1e9 / median:0} | {Median(cpu[r]):0} | {Median(bytes[r]):0} | {median / baseline:0.00}× ({ratios.Min():0.00}–{ratios.Max():0.00}) | {baselineCpu / Median(cpu[r]):0.00}× |"));
        }
        Console.WriteLine($"engine: {engine.Metrics.BatchesAnsweredInline} of {engine.Metrics.BatchesAnswered} batches answered inline");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    /// <summary>Counts replies; the last one completes the task on its own thread, as the inline batch does.</summary>
    private sealed class CountingReplies(int expected) : Sift.Actors.Kernel.IActorRef
    {
        private readonly TaskCompletionSource _done = new();
        private int _left = expected;

        public Task Task => _done.Task;

        public string Path => "counter";

        public void Tell(object message, Sift.Actors.Kernel.IActorRef? sender = null)
        {
            if (Interlocked.Decrement(ref _left) == 0)
            {
                _done.TrySetResult();
            }
        }
    }

    /// <summary>A clock that never moves: the engine's durations are all zero, and its timers never fire.</summary>
    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
