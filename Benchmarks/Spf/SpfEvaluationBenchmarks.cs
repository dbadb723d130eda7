using System.Net;
using BenchmarkDotNet.Attributes;
using Sift.Protocols.Spf;

namespace Sift.Benchmarks.Spf;

/// <summary>
/// check_host() of a record with a two-level include chain, a macro-built exists and an
/// a: mechanism, against the bare resolver calls the same evaluation makes (the baseline),
/// so that the ratio is the cost of evaluation itself.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class SpfEvaluationBenchmarks
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");
    private StaticSpfResolver _resolver = null!;
    private SpfEvaluator _evaluator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _resolver = new StaticSpfResolver()
            .Txt("example.com", "v=spf1 ip4:198.51.100.0/24 include:_spf.example.com ~all")
            .Txt("_spf.example.com", "v=spf1 include:_netblocks.example.net exists:%{l1r+-}.%{ir}._allow.%{d2} -all")
            .Txt("_netblocks.example.net", "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 a:mail.example.net -all")
            .A("mail.example.net", "203.0.113.77")
            .A("user.10.2.0.192._allow.example.com", "127.0.0.2");
        _evaluator = new SpfEvaluator(_resolver);
    }

    /// <summary>The five lookups the evaluation below performs, awaited in the same order.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> BareResolverCalls()
    {
        int records = 0;
        records += (await _resolver.LookupTxtAsync("example.com", default)).Records.Count;
        records += (await _resolver.LookupTxtAsync("_spf.example.com", default)).Records.Count;
        records += (await _resolver.LookupTxtAsync("_netblocks.example.net", default)).Records.Count;
        records += (await _resolver.LookupAAsync("mail.example.net", default)).Records.Count;
        records += (await _resolver.LookupAAsync("user.10.2.0.192._allow.example.com", default)).Records.Count;
        return records;
    }

    /// <summary>The full evaluation: parse three records, expand macros, match, recurse; result pass.</summary>
    [Benchmark]
    public async Task<SpfResult> CheckHost()
        => (await _evaluator.CheckHostAsync(Client, "example.com", "user@example.com", "mail.example.org")).Result;
}
