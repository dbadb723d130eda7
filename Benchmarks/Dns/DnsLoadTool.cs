using System.Diagnostics;
using System.Globalization;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Benchmarks.Dns;

/// <summary>
/// <c>dns-load --server HOST:PORT --file QUERIES [--concurrency N] [--seconds S] [--sockets 4] [--warmup 1]</c>:
/// keeps N lookups in flight through one <see cref="DnsClient"/> (cache off, so every lookup is a
/// packet) for a warm-up and then S measured seconds, reading "name TYPE" lines as dnsperf does,
/// and prints queries per second, CPU and allocation per query of the measured interval.
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
        double warmup = double.Parse(Arg(args, "--warmup") ?? "1", CultureInfo.InvariantCulture);
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
        var sw = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(warmup + seconds);
        async Task Worker()
        {
            while (sw.Elapsed < deadline)
            {
                var q = queries[(int)(Interlocked.Increment(ref next) % queries.Length)];
                var r = await client.QueryAsync(q.Name, q.Type).ConfigureAwait(false);
                Interlocked.Increment(ref r.Status == DnsQueryStatus.Answered ? ref answered : ref failed);
            }
        }
        var workers = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        // Warm-up (JIT tiering, socket buffers) outside the measured interval, which starts here.
        await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
        long answered0 = Interlocked.Read(ref answered), failed0 = Interlocked.Read(ref failed);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated0 = GC.GetTotalAllocatedBytes(), gcs0 = GC.CollectionCount(0);
        var t0 = sw.Elapsed;
        await workers.ConfigureAwait(false);
        double elapsed = (sw.Elapsed - t0).TotalSeconds;
        long done = answered - answered0;
        failed -= failed0;
        // CPU (user + sys of the whole process) and allocation of the measured interval, per answered lookup.
        double cpuMicros = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds / Math.Max(1, done);
        long bytesPerQuery = (GC.GetTotalAllocatedBytes() - allocated0) / Math.Max(1, done);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sift dns-load: {done} answered, {failed} failed in {elapsed:0.00} s, {done / elapsed:0} qps, {cpuMicros:0.0} µs cpu/query, {bytesPerQuery} B/query, {GC.CollectionCount(0) - gcs0} gen0 GCs, in flight {concurrency}, sockets {sockets}, merged {client.Counters.MergedLookups}, dropped {client.Counters.Dropped}"));
        return failed == 0 ? 0 : 1;
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
