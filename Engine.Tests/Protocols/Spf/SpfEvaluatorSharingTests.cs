using System.Net;
using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

/// <summary>One evaluator serves many checks: the parsed-record cache and concurrency.</summary>
public class SpfEvaluatorSharingTests
{
    private static readonly InMemorySpfResolver Zone = new InMemorySpfResolver()
        .Txt("good.example", "v=spf1 include:inc.example -all")
        .Txt("inc.example", "v=spf1 ip4:192.0.2.0/25 ?all")
        .Txt("bad.example", "v=spf1 ip4:192.0.2.0/33 +all");

    [Theory]
    [InlineData(1024)]
    [InlineData(1)]
    [InlineData(0)]
    public async Task Cached_records_give_the_same_answers_as_fresh_ones(int cacheSize)
    {
        var evaluator = new SpfEvaluator(Zone, new SpfEvaluatorOptions { ParsedRecordCacheSize = cacheSize });
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(SpfResult.Pass, (await evaluator.CheckHostAsync(IPAddress.Parse("192.0.2.1"), "good.example", "a@good.example")).Result);
            Assert.Equal(SpfResult.Fail, (await evaluator.CheckHostAsync(IPAddress.Parse("192.0.2.200"), "good.example", "a@good.example")).Result);
            var bad = await evaluator.CheckHostAsync(IPAddress.Parse("192.0.2.1"), "bad.example", "a@bad.example");
            Assert.Equal(SpfResult.PermError, bad.Result);
            Assert.Contains("invalid network", bad.Problem);
        }
    }

    [Fact]
    public async Task Concurrent_checks_on_one_evaluator_do_not_share_state()
    {
        var evaluator = new SpfEvaluator(Zone);
        var checks = Enumerable.Range(0, 256).Select(i => Task.Run(async () =>
        {
            var ip = IPAddress.Parse($"192.0.2.{i % 256}");
            var result = await evaluator.CheckHostAsync(ip, "good.example", $"user{i}@good.example");
            return (i, result);
        }));
        foreach (var (i, result) in await Task.WhenAll(checks))
        {
            Assert.Equal(i % 256 < 128 ? SpfResult.Pass : SpfResult.Fail, result.Result);
            Assert.Equal(1, result.DnsLookups);
        }
    }
}
