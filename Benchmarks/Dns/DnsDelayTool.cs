using System.Diagnostics;
using System.Globalization;
using Sift.Protocols.Dns;

namespace Sift.Benchmarks.Dns;

/// <summary>
/// <c>dns-delay --server HOST:PORT [--delay-ms 50] [--lookups 6] [--rounds 20]</c>: puts a
/// <see cref="DelayingForwarder"/> in front of the server and times N concurrent lookups of
/// distinct names whose answers each take the delay. Concurrent lookups finish in about one
/// delay; sequential ones would take N delays.
/// </summary>
internal static class DnsDelayTool
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = NameServer.Parse(DnsLoadTool.Arg(args, "--server") ?? throw new ArgumentException("--server HOST:PORT is required"));
        int delayMs = int.Parse(DnsLoadTool.Arg(args, "--delay-ms") ?? "50", CultureInfo.InvariantCulture);
        int lookups = int.Parse(DnsLoadTool.Arg(args, "--lookups") ?? "6", CultureInfo.InvariantCulture);
        int rounds = int.Parse(DnsLoadTool.Arg(args, "--rounds") ?? "20", CultureInfo.InvariantCulture);
        using var forwarder = new DelayingForwarder(server, TimeSpan.FromMilliseconds(delayMs));
        using var client = new DnsClient(new DnsClientOptions { Servers = [forwarder.EndPoint], CacheEntries = 0, Timeout = TimeSpan.FromSeconds(2) });
        // Baseline: one lookup at a time through the same forwarder (the delay plus the forwarder's own timer slack).
        var single = await TimeRoundsAsync(client, 1, rounds, "s");
        var concurrent = await TimeRoundsAsync(client, lookups, rounds, "c");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sift dns-delay: {lookups} concurrent lookups, each answer delayed {delayMs} ms: wall median {concurrent[concurrent.Count / 2]:0.0} ms, min {concurrent[0]:0.0}, max {concurrent[^1]:0.0} over {rounds} rounds; one lookup alone: median {single[single.Count / 2]:0.0} ms (sequential would be {lookups * delayMs} ms)"));
        return 0;
    }

    private static async Task<List<double>> TimeRoundsAsync(DnsClient client, int lookups, int rounds, string tag)
    {
        var times = new List<double>();
        for (int round = -3; round < rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            var results = await Task.WhenAll(Enumerable.Range(0, lookups)
                .Select(i => client.QueryAsync($"{tag}{round + 3}-{i}.load.dns.test", DnsRecordType.A).AsTask()));
            double ms = sw.Elapsed.TotalMilliseconds;
            if (results.Any(r => !r.IsSuccess)) throw new InvalidOperationException("a lookup failed: " + results.First(r => !r.IsSuccess));
            if (round >= 0) times.Add(ms); // the first rounds warm up the JIT and the sockets
        }
        times.Sort();
        return times;
    }
}
