using System.Diagnostics;
using System.Globalization;
using Sift.Protocols.Clamd;
using Sift.Protocols.Net;

namespace Sift.Benchmarks.Clamd;

/// <summary>
/// Streams one large message (default 50 MiB, written to disk first, never held in memory) to clamd
/// with INSTREAM and reports the growth of this process's peak RSS (VmHWM) across the scan.
/// <c>dotnet run -c Release --project Benchmarks -- clamd-bigstream --address unix:/…/clamd.sock --file /tmp/big.eml --mib 50</c>
/// </summary>
internal static class ClamdBigStream
{
    public static async Task<int> RunAsync(string[] argv)
    {
        var args = new LoadArgs(argv);
        var address = EndpointAddress.Parse(args.Get("address"));
        var file = args.Get("file");
        var mib = args.Int("mib", 50);
        WriteFile(file, (long)mib * 1024 * 1024);

        var chunk = args.Int("chunk", 64 * 1024);
        var client = new ClamdClient(new ClamdClientOptions { Address = address, Timeout = TimeSpan.FromMinutes(5), ChunkSize = chunk });
        // Warm-up on 64 KiB so JIT and socket set-up are in the "before" figure.
        await client.ScanStreamAsync(new MemoryStream(new byte[64 * 1024]));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var before = Status("VmHWM");
        var rssBefore = Status("VmRSS");
        var started = Stopwatch.GetTimestamp();
        ClamdScanResult result;
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        {
            result = await client.ScanStreamAsync(stream);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = Status("VmHWM");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mib} MiB via INSTREAM ({chunk / 1024} KiB chunks) to {address}: '{result.Reply}' in {elapsed.TotalSeconds:0.00} s " +
            $"({mib / elapsed.TotalSeconds:0} MiB/s); VmHWM {before / 1024.0:0.0} → {after / 1024.0:0.0} MiB " +
            $"(growth {(after - before) / 1024.0:0.00} MiB; VmRSS before {rssBefore / 1024.0:0.0} MiB)"));
        return result.Status == ClamdScanStatus.Clean ? 0 : 1;
    }

    /// <summary>A /proc/self/status field in KiB.</summary>
    private static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"{field} not in /proc/self/status");
    }

    /// <summary>Writes printable mail-like text with a small buffer: the message is never in memory.</summary>
    private static void WriteFile(string path, long length)
    {
        if (File.Exists(path) && new FileInfo(path).Length == length) return;
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        var header = "From: big@example.test\r\nTo: rcpt@example.test\r\nSubject: big\r\n\r\n"u8;
        output.Write(header);
        var line = new byte[78];
        long written = header.Length;
        var n = 0;
        while (written < length)
        {
            for (var i = 0; i < 76; i++) line[i] = (byte)('A' + (i + n) % 26);
            line[76] = (byte)'\r';
            line[77] = (byte)'\n';
            var take = (int)Math.Min(line.Length, length - written);
            output.Write(line, 0, take);
            written += take;
            n++;
        }
    }
}
