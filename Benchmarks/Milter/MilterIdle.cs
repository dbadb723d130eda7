using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Sift.Protocols.Milter;

namespace Sift.Benchmarks.Milter;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- load milter-idle [count] [gateway]</c>: starts a
/// milter server in a child process (the bare library, or with <c>gateway</c> Sift's whole milter
/// gateway: engine, policy, a session actor per connection), opens <c>count</c> (default 10,000)
/// negotiated, connected sessions to it, checks a sample still answers, and reports the server's
/// RSS before and after. The child stops when its stdin closes or after two minutes, whichever
/// comes first.
/// </summary>
public static partial class MilterIdle
{
    private sealed class AcceptAll : MilterHandler;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var gateway = args.Length > 1 && args[1] == "gateway";
        Console.WriteLine($"open files: {RaiseOpenFileLimit()}; server: {(gateway ? "Sift's milter gateway" : "the milter library")}");
        using var child = StartServerProcess(count, gateway);
        try
        {
            var portLine = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
                ?? throw new InvalidOperationException("the server process did not start");
            var endPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(portLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
            await Task.Delay(500); // let the child settle before the baseline reading
            var before = RssKiB(child.Id);
            var clients = new MilterClient[count];
            var clock = Stopwatch.StartNew();
            var offer = new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None);
            for (var batch = 0; batch < count; batch += 200)
            {
                await Task.WhenAll(Enumerable.Range(batch, Math.Min(200, count - batch)).Select(async i =>
                {
                    clients[i] = await MilterClient.ConnectAsync(endPoint);
                    await clients[i].NegotiateAsync(offer);
                    if (gateway)
                    {
                        // The connect command makes the gateway open the connection's session actor.
                        clients[i].Writer.WriteConnect(new MilterConnectInfo($"c{i}.example", MilterAddressFamily.Inet, 25, "192.0.2.1"));
                        await clients[i].CommandAsync();
                    }
                }));
            }
            var opened = clock.Elapsed;
            var after = RssKiB(child.Id);
            foreach (var i in new[] { 0, count / 2, count - 1 })
            {
                clients[i].Writer.WriteStrings((byte)MilterCommand.Helo, "idle.example");
                if ((await clients[i].CommandAsync()).Code != MilterReplyCode.Continue)
                {
                    throw new InvalidOperationException("an idle session did not answer");
                }
            }
            Console.WriteLine(FormattableString.Invariant(
                $"sessions: {count} opened and negotiated in {opened.TotalSeconds:F1} s; server RSS {before / 1024.0:F1} MiB idle → {after / 1024.0:F1} MiB with the sessions ({(after - before) * 1024.0 / count / 1024:F1} KiB per session)"));
            foreach (var client in clients) { await client.DisposeAsync(); }
            return 0;
        }
        finally
        {
            child.StandardInput.Close();
            if (!child.WaitForExit(10_000)) { child.Kill(); }
        }
    }

    /// <summary>The child: serve until stdin closes (or two minutes pass).</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        RaiseOpenFileLimit();
        var count = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        if (args.Length > 1 && args[1] == "gateway")
        {
            return await GatewayIdle.ServeAsync(count);
        }
        await using var server = new MilterServer(() => new AcceptAll(),
            new MilterServerOptions { Listen = "inet:0@127.0.0.1", MaxConnections = count + 100, Backlog = 4096 });
        await server.StartAsync();
        Console.WriteLine($"PORT {((IPEndPoint)server.LocalEndPoint!).Port}");
        await WaitForStdinCloseAsync();
        await server.StopAsync(TimeSpan.Zero);
        return 0;
    }

    /// <summary>Returns when stdin closes (the parent is done) or after two minutes.</summary>
    internal static async Task WaitForStdinCloseAsync()
    {
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await Task.WhenAny(stdinClosed, Task.Delay(TimeSpan.FromMinutes(2)));
    }

    private static Process StartServerProcess(int count, bool gateway)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MilterIdle).Assembly.Location);
        }
        foreach (var arg in new[] { "load", "milter-idle-server", count.ToString(System.Globalization.CultureInfo.InvariantCulture), gateway ? "gateway" : "library" })
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }

    internal static long RssKiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    private const int RlimitNoFile = 7;

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, in RLimit limit);

    /// <summary>Raises this process's soft open-file limit to its hard limit (as `ulimit -n` would).</summary>
    internal static string RaiseOpenFileLimit()
    {
        if (GetRLimit(RlimitNoFile, out var limit) != 0) { return "unknown"; }
        var before = limit.Current;
        limit.Current = limit.Max;
        SetRLimit(RlimitNoFile, limit);
        GetRLimit(RlimitNoFile, out limit);
        return $"{before} → {limit.Current}";
    }
}
