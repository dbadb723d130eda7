using BenchmarkDotNet.Running;

namespace Sift.Benchmarks;

/// <summary>Runs BenchmarkDotNet suites (<c>dotnet run -c Release --project Benchmarks -- --filter '*'</c>)
/// and the load tools (<c>-- load NAME ...</c>).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
