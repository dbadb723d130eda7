using BenchmarkDotNet.Running;

namespace Sift.Benchmarks;

/// <summary>Runs BenchmarkDotNet suites (<c>dotnet run -c Release --project Benchmarks -- --filter '*'</c>)
/// and the load tools (<c>-- NAME ...</c>, NAME one of <see cref="LoadTools"/>).</summary>
public static class Program
{
    /// <summary>Load tools by name: a first argument naming one runs it with the remaining arguments.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string[], int>> LoadTools = new Dictionary<string, Func<string[], int>>
    {
        ["spamc-load"] = Spamc.SpamcLoad.Run,
        ["rspamd-load"] = Rspamd.RspamdLoad.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length > 0 && LoadTools.TryGetValue(args[0], out var tool)) return tool(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
