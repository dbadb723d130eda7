using System.Diagnostics;
using System.Globalization;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Benchmarks.Dns;

/// <summary>
/// <c>dns-load --server HOST:PORT --file QUERIES --concurrency N --seconds S</c>: keeps N lookups
/// in flight through one <see cref="DnsClient"/> (cache off, so every lookup is a packet) for S
/// seconds, reading "name TYPE" lines as dnsperf does, and prints queries per second.
/// </summary>
internal static class DnsLoadTool
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = Arg(args, "--server") ?? throw new ArgumentException("--server HOST:PORT is required");
        var file = Arg(args, "--file") ?? throw new ArgumentException("--file is required");
        int concurrency = int.Parse(Arg(args, "--concurrency") ?? "64", CultureInfo.InvariantCulture);
        double seconds = double.Parse(Arg(args, "--seconds") ?? "5", CultureInfo.InvariantCulture);
        int sockets = int.Parse(Arg(args, "--sockets") ?? "4", CultureInfo.InvariantCulture);
        var queries = File.ReadLines(file)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 1)
            .Select(p => (Name: p[0], Type: p.Length > 1 && DnsLookup.TryParseType(p[1], out var t) ? t : DnsRecordType.A))
            .ToArray();
        using var client = new DnsClient(DnsClientOptions.ForServers(server) with
        {
            CacheEntries = 0,
            UdpSockets = sockets,
            Timeout = TimeSpan.FromSeconds(2),
            Attempts = 1,
        });
        long next = -1, answered = 0, failed = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        async Task Worker()
        {
            while (sw.Elapsed < deadline)
            {
                var q = queries[(int)(Interlocked.Increment(ref next) % queries.Length)];
                var r = await client.QueryAsync(q.Name, q.Type).ConfigureAwait(false);
                Interlocked.Increment(ref r.Status == DnsQueryStatus.Answered ? ref answered : ref failed);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker))).ConfigureAwait(false);
        double elapsed = sw.Elapsed.TotalSeconds;
        // CPU of the measured interval only (no start-up, JIT of the first calls included), per answered lookup.
        double cpuMicros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, answered);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sift dns-load: {answered} answered, {failed} failed in {elapsed:0.00} s, {answered / elapsed:0} qps, {cpuMicros:0.0} µs cpu/query, in flight {concurrency}, merged {client.Counters.MergedLookups}, dropped {client.Counters.Dropped}"));
        return failed == 0 ? 0 : 1;
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
