using BenchmarkDotNet.Running;

namespace Sift.Benchmarks;

/// <summary>Runs BenchmarkDotNet suites (<c>dotnet run -c Release --project Benchmarks -- --filter '*'</c>)
/// and the load tools (<c>-- NAME ...</c>, see <see cref="LoadTools"/>).</summary>
public static class Program
{
    /// <summary>Load tools by the first argument that selects them.</summary>
    private static readonly Dictionary<string, Func<string[], int>> LoadTools = new(StringComparer.Ordinal)
    {
        ["actor-memory"] = Actors.IdleActorMemory.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length > 0 && LoadTools.TryGetValue(args[0], out var tool))
        {
            return tool(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
