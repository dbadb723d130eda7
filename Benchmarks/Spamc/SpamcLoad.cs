using System.Globalization;
using System.Net;
using Sift.Benchmarks.Load;
using Sift.Protocols.Spamc;

namespace Sift.Benchmarks.Spamc;

/// <summary>
/// Messages per second scanned through spamd (CHECK) by Sift's client and by <c>spamc -c</c>
/// (one process per message), the same messages, 1/4/16 in flight:
/// <c>dotnet run -c Release --project Benchmarks -- spamc-load --address 127.0.0.1:PORT --messages 200 --concurrency 1,4,16</c>.
/// </summary>
public static class SpamcLoad
{
    /// <summary>Runs the tool; returns the exit code.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var address = InFlightLoad.Option(args, "--address") ?? throw new ArgumentException("--address HOST:PORT is required");
        var count = int.Parse(InFlightLoad.Option(args, "--messages") ?? "200", CultureInfo.InvariantCulture);
        var spamc = InFlightLoad.Option(args, "--spamc") ?? "/usr/bin/spamc";
        var files = InFlightLoad.WriteMessages(count);
        var endPoint = (IPEndPoint)SpamdAddress.Parse(address);
        var client = new SpamcClient(new SpamcClientOptions { EndPoint = endPoint, Timeout = TimeSpan.FromSeconds(60) });
        string[] SpamcArgv() => ["-d", endPoint.Address.ToString(), "-p", endPoint.Port.ToString(CultureInfo.InvariantCulture), "-c", "-t", "60"];

        async Task Sift(int i)
        {
            await using var message = File.OpenRead(files[i]);
            var result = await client.CheckAsync(message);
            if (result.IsSpam != (i % 2 == 0)) throw new InvalidOperationException($"Sift: message {i} judged wrongly ({result.Score})");
        }
        async Task Baseline(int i)
        {
            var (code, output) = await InFlightLoad.RunProcessAsync(spamc, SpamcArgv(), files[i]);
            // spamc -c exits 1 for spam, 0 for ham, anything else on failure.
            if (code != (i % 2 == 0 ? 1 : 0)) throw new InvalidOperationException($"spamc: message {i} exit {code}: {output}");
        }

        foreach (var inFlight in InFlightLoad.Concurrency(args))
        {
            await InFlightLoad.RateAsync(Math.Min(count, 2 * inFlight), inFlight, Sift); // warm both sides
            await InFlightLoad.RateAsync(Math.Min(count, 2 * inFlight), inFlight, Baseline);
            var baseline = await InFlightLoad.RateAsync(count, inFlight, Baseline);
            var sift = await InFlightLoad.RateAsync(count, inFlight, Sift);
            InFlightLoad.Row("spamd CHECK", inFlight, "spamc", baseline, sift);
        }
        Directory.Delete(Path.GetDirectoryName(files[0])!, recursive: true);
        return 0;
    }
}
