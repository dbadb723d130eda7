using BenchmarkDotNet.Attributes;
using Sift.Benchmarks.Actors;
using Sift.Engine;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Benchmarks.Engine;

/// <summary>
/// Latency of one batch of six checks that each take 50 ms (custom checks doing
/// <c>Task.Delay(50)</c>, real time), one batch at a time. Baseline: a bare
/// <see cref="Task.WhenAll(Task[])"/> of the same six delays. Target: the engine ≤ 52 ms.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class EngineLatencyBenchmarks
{
    private static readonly CustomAnswer Ok = CustomAnswer.Ok();
    private FilterEngine _engine = null!;
    private CheckSpec[] _checks = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = new FilterEngine();
        _engine.RegisterCustom("sleepy", Sleep50);
        _checks = [.. Enumerable.Range(0, 6).Select(i => Check.Custom("sleepy", "check" + i, "p" + i))];
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task TaskWhenAll()
    {
        var calls = new Task[_checks.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = Sleep50(_checks[i].Parameters, CancellationToken.None).AsTask();
        }
        return Task.WhenAll(calls);
    }

    [Benchmark]
    public async Task<Verdict> Engine() => (await _engine.RunChecksAsync(_checks).ConfigureAwait(false)).Verdict;

    private static async ValueTask<CustomAnswer> Sleep50(object parameters, CancellationToken cancellationToken)
    {
        await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        return Ok;
    }
}
