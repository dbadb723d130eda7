using BenchmarkDotNet.Running;

namespace Sift.Benchmarks;

/// <summary>Runs the load tools (<c>dotnet run -c Release --project Benchmarks -- NAME ...</c>) and
/// otherwise the BenchmarkDotNet suites (<c>-- --filter '*'</c>).</summary>
public static class Program
{
    /// <summary>Load tools by name: each takes the remaining arguments and returns an exit code.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string[], Task<int>>> LoadTools = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
    {
        ["clamd-throughput"] = Clamd.ClamdThroughput.RunAsync,
        ["clamd-bigstream"] = Clamd.ClamdBigStream.RunAsync,
        ["actor-memory"] = a => Task.FromResult(Actors.IdleActorMemory.Run(a)),
        ["spamc-load"] = a => Task.FromResult(Spamc.SpamcLoad.Run(a)),
        ["rspamd-load"] = a => Task.FromResult(Rspamd.RspamdLoad.Run(a)),
        ["milter"] = Milter.MilterLoad.RunAsync,
        ["milter-idle"] = Milter.MilterIdle.RunAsync,
        ["milter-idle-server"] = Milter.MilterIdle.ServeAsync,
        ["dns-load"] = Dns.DnsLoadTool.RunAsync,
        ["dns-delay"] = Dns.DnsDelayTool.RunAsync,
        ["mta-load"] = Mta.SmtpLoad.RunAsync,
        ["milter-accept-all"] = Mta.AcceptAllMilter.RunAsync,
        ["milter-idle-external"] = Mta.ExternalMilterIdle.RunAsync,
        ["engine-memory"] = Engine.BatchMemory.RunAsync,
        ["engine-throughput"] = Engine.EngineThroughputTool.RunAsync,
        ["backends-e2e"] = Engine.BackendsThroughputTool.RunAsync,
        ["engine-inline-cost"] = Load.EngineInlineCost.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        // "load NAME ..." and "NAME ..." both name a load tool.
        if (args is ["load", .. var rest]) args = rest;
        if (args.Length > 0 && LoadTools.TryGetValue(args[0], out var tool)) return await tool(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
