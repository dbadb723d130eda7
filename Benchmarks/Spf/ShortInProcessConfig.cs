using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Sift.Benchmarks.Spf;

/// <summary>
/// A short job run in-process: BenchmarkDotNet's out-of-process toolchain looks for a project
/// named after the assembly (Sift.Benchmarks.csproj) and does not find Benchmarks.csproj.
/// </summary>
internal sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
