using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sift.Engine.Compat;
using Sift.Protocols.Clamd;
using Sift.Protocols.Net;
using Sift.Protocols.Process;

namespace Sift.Benchmarks.Clamd;

/// <summary>
/// Messages per second scanned through one clamd at 1, 4 and 16 in flight: Sift's INSTREAM client
/// against the daemon's own client (<c>clamdscan --stream</c>, one process per message), on the same
/// message files, in one run.
/// <c>dotnet run -c Release --project Benchmarks -- clamd-throughput --address unix:/…/clamd.sock
/// --conf /…/clamd.conf --custom STRING --messages 300 --dir /tmp/msgs</c>
/// </summary>
internal static class ClamdThroughput
{
    public static async Task<int> RunAsync(string[] argv)
    {
        var args = new LoadArgs(argv);
        var address = EndpointAddress.Parse(args.Get("address"));
        var tcp = args.Optional("tcp") is { } t ? EndpointAddress.Parse(t) : null;
        var conf = args.Get("conf");
        var count = args.Int("messages", 300);
        var dir = args.Get("dir");
        var files = WriteMessages(dir, count, args.Get("custom"));
        var expectedHits = files.Count(f => f.EndsWith(".virus.eml", StringComparison.Ordinal));

        Console.WriteLine($"{count} messages (~{new FileInfo(files[0]).Length / 1024} KiB each, {expectedHits} with a signature), clamd at {address}");
        Console.WriteLine("| in flight | Sift INSTREAM (unix) msg/s | Sift INSTREAM (tcp) msg/s | clamdscan --stream msg/s | Sift / clamdscan |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");

        var client = new ClamdClient(new ClamdClientOptions { Address = address, Timeout = TimeSpan.FromSeconds(60) });
        var tcpClient = tcp is null ? null : new ClamdClient(new ClamdClientOptions { Address = tcp, Timeout = TimeSpan.FromSeconds(60) });
        var runner = new ProcessRunner();
        var clamdscan = MimeDefangClamav.ClamdscanOptions(configFile: conf, timeout: TimeSpan.FromSeconds(60));

        // Warm-up: JIT, clamd's first connections, the page cache for the files.
        await ForEachAsync(files.Take(60).ToArray(), 16, f => SiftAsync(client, f));
        if (tcpClient is not null) await ForEachAsync(files.Take(60).ToArray(), 16, f => SiftAsync(tcpClient, f));
        await ForEachAsync(files.Take(4).ToArray(), 4, f => ClamdscanAsync(runner, clamdscan, f));

        foreach (var inFlight in new[] { 1, 4, 16 })
        {
            var sift = await MeasureAsync(files, inFlight, f => SiftAsync(client, f), expectedHits);
            var siftTcp = tcpClient is null ? double.NaN : await MeasureAsync(files, inFlight, f => SiftAsync(tcpClient, f), expectedHits);
            var native = await MeasureAsync(files, inFlight, f => ClamdscanAsync(runner, clamdscan, f), expectedHits);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {inFlight} | {sift:0} | {siftTcp:0} | {native:0} | {sift / native:0.0}× |"));
        }
        return 0;
    }

    private static async Task<bool> SiftAsync(ClamdClient client, string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var result = await client.ScanStreamAsync(stream).ConfigureAwait(false);
        if (result.Status is ClamdScanStatus.Error or ClamdScanStatus.SizeLimitExceeded) throw new InvalidOperationException(result.Reply);
        return result.IsVirus;
    }

    private static async Task<bool> ClamdscanAsync(ProcessRunner runner, ProcessRunOptions options, string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var result = await runner.RunAsync(options, stream).ConfigureAwait(false);
        if (result.Verdict == ExitVerdict.Error) throw new InvalidOperationException($"clamdscan: {result.Error} {result.Stdout} {result.Stderr}");
        return result.Verdict == ExitVerdict.Hit;
    }

    private static async Task<double> MeasureAsync(string[] files, int inFlight, Func<string, Task<bool>> scan, int expectedHits)
    {
        var started = Stopwatch.GetTimestamp();
        var hits = await ForEachAsync(files, inFlight, scan);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (hits != expectedHits) throw new InvalidOperationException($"expected {expectedHits} detections, got {hits}");
        return files.Length / seconds;
    }

    private static async Task<int> ForEachAsync(string[] files, int inFlight, Func<string, Task<bool>> scan)
    {
        var hits = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (file, _) =>
        {
            if (await scan(file).ConfigureAwait(false)) Interlocked.Increment(ref hits);
        }).ConfigureAwait(false);
        return hits;
    }

    /// <summary>Writes ordinary mails of ~20 KiB; every tenth carries the custom body signature.</summary>
    private static string[] WriteMessages(string dir, int count, string customSignature)
    {
        Directory.CreateDirectory(dir);
        var files = new string[count];
        var body = new StringBuilder();
        for (var line = 0; line < 260; line++)
            body.Append(CultureInfo.InvariantCulture, $"Line {line}: the quick brown fox jumps over the lazy dog, again and again.\r\n");
        for (var i = 0; i < count; i++)
        {
            var virus = i % 10 == 0;
            files[i] = Path.Combine(dir, virus ? $"{i:D5}.virus.eml" : $"{i:D5}.eml");
            File.WriteAllText(files[i],
                $"From: sender{i}@example.test\r\nTo: rcpt@example.test\r\nSubject: message {i}\r\nMessage-ID: <{i}@example.test>\r\n\r\n"
                + body + (virus ? customSignature + "\r\n" : "") + "-- \r\nend\r\n");
        }
        return files;
    }
}
