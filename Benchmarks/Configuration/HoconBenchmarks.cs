using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sift.Engine.Configuration;
using Sift.Engine.Configuration.Hocon;

namespace Sift.Benchmarks.Configuration;

/// <summary>
/// Parse and resolve time of reference.conf and of a generated 10,000-key document, each
/// against System.Text.Json parsing the equivalent JSON (the baseline of its category).
/// <c>dotnet run -c Release --project Benchmarks -- --filter '*HoconBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HoconBenchmarks
{
    /// <summary>A short job run in-process: the project's file name (Benchmarks.csproj) differs from its
    /// assembly name, which BenchmarkDotNet's out-of-process toolchain cannot find.</summary>
    private sealed class InProcessShortConfig : ManualConfig
    {
        public InProcessShortConfig() =>
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance));
    }

    private string _reference = "";
    private string _referenceJson = "";
    private string _large = "";
    private string _largeJson = "";

    [GlobalSetup]
    public void Setup()
    {
        _reference = SiftConfiguration.ReferenceText();
        _referenceJson = HoconText.ToJson(HoconReader.Load(_reference));
        _large = Generate(10_000);
        _largeJson = HoconText.ToJson(HoconReader.Load(_large));
    }

    /// <summary>100 sections of 100 keys: numbers, strings, durations, sizes, lists, a few substitutions.</summary>
    public static string Generate(int keys)
    {
        var sb = new StringBuilder();
        sb.Append("defaults { timeout = 5s, name = \"default name\" }\n");
        for (var s = 0; s < keys / 100; s++)
        {
            sb.Append("section-").Append(s).Append(" {\n");
            for (var k = 0; k < 100; k++)
            {
                sb.Append("  key-").Append(k).Append(" = ");
                sb.Append((k % 5) switch
                {
                    0 => $"{s * 100 + k}",
                    1 => $"\"quoted value {k}\"",
                    2 => $"{k}ms",
                    3 => "[1, 2, 3]",
                    _ => k % 20 == 4 ? "${defaults.timeout}" : "unquoted-value",
                });
                sb.Append('\n');
            }
            sb.Append("}\n");
        }
        return sb.ToString();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("reference.conf")]
    public int ReferenceJsonDocument()
    {
        using var doc = JsonDocument.Parse(_referenceJson);
        return doc.RootElement.GetPropertyCount();
    }

    [Benchmark, BenchmarkCategory("reference.conf")]
    public int ReferenceHoconParseAndResolve() => HoconReader.Load(_reference).Count;

    [Benchmark, BenchmarkCategory("reference.conf")]
    public int ReferenceHoconParseOnly() => HoconReader.Parse(_reference).Count;

    [Benchmark(Baseline = true), BenchmarkCategory("10,000 keys")]
    public int LargeJsonDocument()
    {
        using var doc = JsonDocument.Parse(_largeJson);
        return doc.RootElement.GetPropertyCount();
    }

    [Benchmark, BenchmarkCategory("10,000 keys")]
    public int LargeHoconParseAndResolve() => HoconReader.Load(_large).Count;

    [Benchmark, BenchmarkCategory("10,000 keys")]
    public int LargeHoconParseOnly() => HoconReader.Parse(_large).Count;
}
