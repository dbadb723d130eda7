using System.Globalization;
using Sift.Benchmarks.Load;
using Sift.Protocols.Rspamd;

namespace Sift.Benchmarks.Rspamd;

/// <summary>
/// Messages per second scanned through rspamd (/checkv2) by Sift's client and by <c>rspamc</c>
/// (one process per message), the same messages, 1/4/16 in flight:
/// <c>dotnet run -c Release --project Benchmarks -- rspamd-load --address http://127.0.0.1:PORT --messages 300 --concurrency 1,4,16</c>.
/// </summary>
public static class RspamdLoad
{
    /// <summary>Runs the tool; returns the exit code.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var address = InFlightLoad.Option(args, "--address") ?? throw new ArgumentException("--address http://HOST:PORT is required");
        var count = int.Parse(InFlightLoad.Option(args, "--messages") ?? "300", CultureInfo.InvariantCulture);
        var rspamc = InFlightLoad.Option(args, "--rspamc") ?? "/usr/bin/rspamc";
        var files = InFlightLoad.WriteMessages(count);
        var hostPort = new Uri(address).Authority;
        var envelope = new RspamdEnvelope { Ip = "127.0.0.1", From = "alice@example.com", Rcpt = ["bob@example.com"] };
        using var client = new RspamdClient(new RspamdClientOptions { Address = address, Timeout = TimeSpan.FromSeconds(60), MaxConnections = 16 });

        async Task Sift(int i)
        {
            await using var message = File.OpenRead(files[i]);
            var result = await client.CheckAsync(message, envelope);
            var expected = i % 2 == 0 ? RspamdAction.Reject : RspamdAction.NoAction;
            if (result.Action != expected) throw new InvalidOperationException($"Sift: message {i} got {result.ActionName}");
        }
        async Task Baseline(int i)
        {
            var (code, output) = await InFlightLoad.RunProcessAsync(rspamc,
                ["-h", hostPort, "-i", "127.0.0.1", "-F", "alice@example.com", "-r", "bob@example.com", files[i]]);
            var expected = i % 2 == 0 ? "Action: reject" : "Action: no action";
            if (code != 0 || !output.Contains(expected, StringComparison.Ordinal))
                throw new InvalidOperationException($"rspamc: message {i} exit {code}: {output}");
        }

        foreach (var inFlight in InFlightLoad.Concurrency(args))
        {
            await InFlightLoad.RateAsync(Math.Min(count, 2 * inFlight), inFlight, Sift);
            await InFlightLoad.RateAsync(Math.Min(count, 2 * inFlight), inFlight, Baseline);
            var baseline = await InFlightLoad.RateAsync(count, inFlight, Baseline);
            var sift = await InFlightLoad.RateAsync(count, inFlight, Sift);
            InFlightLoad.Row("rspamd /checkv2", inFlight, "rspamc", baseline, sift);
        }
        Directory.Delete(Path.GetDirectoryName(files[0])!, recursive: true);
        return 0;
    }
}
