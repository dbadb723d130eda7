using BenchmarkDotNet.Running;
using Sift.Benchmarks.Dns;

namespace Sift.Benchmarks;

/// <summary>Runs BenchmarkDotNet suites (<c>dotnet run -c Release --project Benchmarks -- --filter '*'</c>)
/// and the load tools (<c>-- NAME ...</c>, where NAME is one of <see cref="LoadTools"/>).</summary>
public static class Program
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> LoadTools = new()
    {
        ["dns-load"] = DnsLoadTool.RunAsync,
        ["dns-delay"] = DnsDelayTool.RunAsync,
    };

    public static int Main(string[] args)
    {
        if (args.Length > 0 && LoadTools.TryGetValue(args[0], out var tool))
        {
            return tool(args[1..]).GetAwaiter().GetResult();
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
