using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Sift.Benchmarks.Actors;

/// <summary>A short in-process job (the machine is shared: a few minutes for the whole kernel suite)
/// with the memory diagnoser; each class pairs the kernel with a Channels baseline.</summary>
public sealed class KernelBenchmarkConfig : ManualConfig
{
    public KernelBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>Counts down to zero, then releases a waiter.</summary>
public sealed class Countdown
{
    private int _remaining;

    public ManualResetEventSlim Done { get; } = new();

    public void Reset(int count)
    {
        Done.Reset();
        Volatile.Write(ref _remaining, count);
    }

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Done.Set();
        }
    }

    public void Wait()
    {
        if (!Done.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"Countdown stuck at {Volatile.Read(ref _remaining)}.");
        }
    }
}

/// <summary>The message every benchmark sends (one instance: the benchmarks measure transport, not allocation of payloads).</summary>
public sealed class Msg
{
    public static readonly Msg Instance = new();
}
