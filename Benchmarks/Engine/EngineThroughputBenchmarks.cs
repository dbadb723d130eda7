using BenchmarkDotNet.Attributes;
using Sift.Benchmarks.Actors;
using Sift.Engine;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Benchmarks.Engine;

/// <summary>
/// Batches per second with six zero-latency in-process checks (custom async functions that
/// answer OK at once — synchronously, or after one <see cref="Task.Yield"/> when
/// <see cref="Asynchronous"/>), with <see cref="InFlight"/> batches in flight. Engine:
/// <see cref="FilterEngine.RunChecksAsync"/> (aggregator, pools, timers, merging, scoring).
/// Baseline: a bare <see cref="Task.WhenAll(Task[])"/> making the same six calls.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class EngineThroughputBenchmarks
{
    private const int Batches = 20_000;
    private static readonly CustomAnswer Ok = CustomAnswer.Ok();
    private FilterEngine _engine = null!;
    private CheckSpec[] _checks = [];
    private Func<object, CancellationToken, ValueTask<CustomAnswer>> _check = null!;

    /// <summary>Whether each check goes asynchronous once before answering.</summary>
    [Params(false, true)]
    public bool Asynchronous { get; set; }

    /// <summary>Batches in flight at once.</summary>
    [Params(1, 64)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _check = Asynchronous ? YieldThenOk : static (_, _) => ValueTask.FromResult(Ok);
        _engine = new FilterEngine();
        _engine.RegisterCustom("zero", _check, poolSize: Environment.ProcessorCount, maxInFlightPerWorker: 1024);
        _checks = [.. Enumerable.Range(0, 6).Select(i => Check.Custom("zero", "check" + i, "p" + i))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batches)]
    public Task TaskWhenAll() => RunAsync(WhenAllBatchAsync);

    [Benchmark(OperationsPerInvoke = Batches)]
    public Task Engine() => RunAsync(EngineBatchAsync);

    private static async ValueTask<CustomAnswer> YieldThenOk(object parameters, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return Ok;
    }

    private async Task WhenAllBatchAsync()
    {
        var calls = new Task<CustomAnswer>[_checks.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = _check(_checks[i].Parameters, CancellationToken.None).AsTask();
        }
        await Task.WhenAll(calls).ConfigureAwait(false);
    }

    private async Task EngineBatchAsync()
    {
        var result = await _engine.RunChecksAsync(_checks).ConfigureAwait(false);
        if (result.Verdict != Verdict.Pass || result.Checks.Count != 6)
        {
            throw new InvalidOperationException($"unexpected result {result}");
        }
    }

    /// <summary>Runs <see cref="Batches"/> batches, <see cref="InFlight"/> at a time (each lane runs its share in sequence).</summary>
    private async Task RunAsync(Func<Task> batch)
    {
        var lanes = new Task[InFlight];
        var perLane = Batches / InFlight;
        for (var l = 0; l < lanes.Length; l++)
        {
            var count = l == 0 ? Batches - perLane * (InFlight - 1) : perLane;
            lanes[l] = Task.Run(async () =>
            {
                for (var i = 0; i < count; i++)
                {
                    await batch().ConfigureAwait(false);
                }
            });
        }
        await Task.WhenAll(lanes).ConfigureAwait(false);
    }
}
