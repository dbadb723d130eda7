using BenchmarkDotNet.Running;

namespace Sift.Benchmarks;

/// <summary>Runs BenchmarkDotNet suites (<c>dotnet run -c Release --project Benchmarks -- --filter '*'</c>)
/// and the load tools (<c>-- load NAME ...</c>).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["load", var name, .. var rest])
        {
            return LoadTool(name, rest).GetAwaiter().GetResult();
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static Task<int> LoadTool(string name, string[] args) => name switch
    {
        "milter" => Milter.MilterLoad.RunAsync(args),
        "milter-idle" => Milter.MilterIdle.RunAsync(args),
        "milter-idle-server" => Milter.MilterIdle.ServeAsync(args),
        _ => throw new ArgumentException($"unknown load tool '{name}' (known: milter, milter-idle)"),
    };
}
