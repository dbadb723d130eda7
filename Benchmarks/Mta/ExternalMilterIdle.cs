using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sift.Protocols.Milter;

namespace Sift.Benchmarks.Mta;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- milter-idle-external --target 127.0.0.1:PORT --pid PID
/// [--count N]</c>: holds N (default 10,000) idle sessions on a milter that runs in another process
/// (e.g. <c>sift serve</c>) — each connected, negotiated and past the connect command, as Postfix
/// leaves a session between messages — checks that the first, middle and last still answer, and
/// reports that process's RSS (<c>VmRSS</c> of <c>/proc/PID/status</c>) before and with the sessions.
/// </summary>
public static class ExternalMilterIdle
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? target = null, pidText = null;
        var count = 10_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--target": target = args[i + 1]; break;
                case "--pid": pidText = args[i + 1]; break;
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: target = null; i = args.Length; break;
            }
        }
        if (!IPEndPoint.TryParse(target ?? "", out var endPoint) || !IPAddress.IsLoopback(endPoint.Address)
            || !int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid) || count is < 1 or > 100_000)
        {
            Console.Error.WriteLine("usage: milter-idle-external --target 127.0.0.1:PORT --pid PID [--count N]");
            return 2;
        }
        Console.WriteLine($"open files: {Milter.MilterIdle.RaiseOpenFileLimit()}");
        var before = Milter.MilterIdle.RssKiB(pid);
        var clients = new List<MilterClient>(count);
        var offer = new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None);
        var connect = new MilterConnectInfo("client.sift.test", MilterAddressFamily.Inet, 40000, "127.0.0.1");
        var clock = Stopwatch.StartNew();
        try
        {
            for (var batch = 0; batch < count; batch += 200)
            {
                var opened = await Task.WhenAll(Enumerable.Range(batch, Math.Min(200, count - batch)).Select(async _ =>
                {
                    var client = await MilterClient.ConnectAsync(endPoint);
                    await client.NegotiateAsync(offer);
                    client.Writer.WriteConnect(connect);
                    await client.CommandAsync();
                    return client;
                }));
                clients.AddRange(opened);
            }
            var elapsed = clock.Elapsed;
            var with = Milter.MilterIdle.RssKiB(pid);
            foreach (var i in new[] { 0, count / 2, count - 1 })
            {
                clients[i].Writer.WriteStrings((byte)MilterCommand.Helo, "idle.sift.test");
                if ((await clients[i].CommandAsync()).Code != MilterReplyCode.Continue)
                {
                    throw new InvalidOperationException("an idle session did not answer");
                }
            }
            Console.WriteLine(FormattableString.Invariant(
                $"sessions: {count} opened, negotiated and connected in {elapsed.TotalSeconds:F1} s; PID {pid} RSS {before / 1024.0:F1} MiB → {with / 1024.0:F1} MiB with the sessions ({(with - before) / (double)count:F1} KiB per session)"));
            Console.WriteLine(FormattableString.Invariant($"RESULT sessions={count} rss_idle_kib={before} rss_sessions_kib={with} open_seconds={elapsed.TotalSeconds:F1}"));
            return 0;
        }
        finally
        {
            foreach (var client in clients) { await client.DisposeAsync(); }
        }
    }
}
