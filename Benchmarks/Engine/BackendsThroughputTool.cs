using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Sift.Engine.Backends;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Protocols.Clamd;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;
using Sift.Protocols.Net;
using Sift.Protocols.Spf;

namespace Sift.Benchmarks.Engine;

/// <summary>
/// Load tool <c>backends-e2e</c>: batches per second of a realistic check set — two DNSBLs,
/// rDNS and SPF over the real unbound, and a clamd INSTREAM of a small message — through the
/// configured engine (<see cref="ConfiguredEngine"/>), against the same calls made with the bare
/// Protocols clients in a <see cref="Task.WhenAll(Task[])"/>, at 1 and 16 batches in flight,
/// alternating in one run. Every batch has its own client address and the DNS cache is off,
/// so each batch costs four DNS round trips and one clamd scan.
/// Run (servers from test-env): <c>dotnet run -c Release --project Benchmarks -- backends-e2e DNS CLAMD [seconds] [rounds]</c>.
/// </summary>
public static class BackendsThroughputTool
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "From: a@ip4.spf.test\r\nTo: b@example.test\r\nSubject: hi\r\nMessage-ID: <1@ip4.spf.test>\r\n\r\nNothing to see here.\r\n");

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: backends-e2e DNS_HOST:PORT CLAMD_HOST:PORT [seconds-per-measure] [rounds]");
            return 2;
        }
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var options = new SiftOptions();
        options.Dns.Nameservers = [args[0]];
        options.Dns.CacheEntries = 0;
        options.Backends.Clamd.Upstreams = [new UpstreamOptions { Address = args[1] }];
        options.Backends.Clamd.MaxInFlight = 64;
        options.Checks["zen"] = new CheckOptions { Kind = "dnsbl", Zone = "bl.dns.test", Weight = 5 };
        options.Checks["other"] = new CheckOptions { Kind = "dnsbl", Zone = "bl2.dns.test", Weight = 3 };
        options.Checks["rdns"] = new CheckOptions { Kind = "rdns", Weight = 1 };
        options.Checks["spf"] = new CheckOptions { Kind = "spf", Weight = 2 };
        options.Checks["clamav"] = new CheckOptions { Kind = "clamd", Weight = 20 };
        await using var engine = ConfiguredEngine.Create(options);

        await using var dns = new DnsClient(DnsClientOptions.ForServers(args[0]) with { CacheEntries = 0 });
        var spf = new SpfVerifier(new SpfDnsAdapter(dns));
        var clamd = new ClamdClient(new ClamdClientOptions { Address = EndpointAddress.Parse(args[1]), Timeout = TimeSpan.FromSeconds(5) });
        var content = MessageContent.FromBytes(Message);
        var next = 0;
        IPAddress NextAddress()
        {
            var n = Interlocked.Increment(ref next);
            return new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        }

        Task Bare()
        {
            var ip = NextAddress();
            return Task.WhenAll(
                BlocklistLookup.DnsblAsync(dns, ip, "bl.dns.test").AsTask(),
                BlocklistLookup.DnsblAsync(dns, ip, "bl2.dns.test").AsTask(),
                RdnsLookup.QueryAsync(dns, ip).AsTask(),
                spf.SpfVerifyAsync("user@ip4.spf.test", ip.ToString(), "mail.example").AsTask(),
                clamd.ScanStreamAsync(new MemoryStream(Message, writable: false)));
        }

        long notAnswered = 0;
        async Task Engine()
        {
            var result = await engine.CheckAsync(new MessageContext(NextAddress(), "mail.example", "user@ip4.spf.test", ["b@example.test"], content)).ConfigureAwait(false);
            if (result.Checks.Any(c => c.Status != Sift.Engine.Results.CheckStatus.Answered)) Interlocked.Increment(ref notAnswered);
        }

        await RateAsync(Bare, 1, 0.5).ConfigureAwait(false); // warm-up: JIT, sockets, clamd connections
        await RateAsync(Engine, 1, 0.5).ConfigureAwait(false);
        foreach (var inFlight in new[] { 1, 16 })
        {
            for (var round = 0; round < rounds; round++)
            {
                var bare = await RateAsync(Bare, inFlight, seconds).ConfigureAwait(false);
                var sift = await RateAsync(Engine, inFlight, seconds).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"in flight {inFlight,2}, round {round}: bare clients {bare,7:0} batches/s, engine {sift,7:0} batches/s, ratio {sift / bare:0.00}"));
            }
        }
        Console.WriteLine($"engine batches with a check not answered: {notAnswered}");
        return 0;
    }

    private static async Task<double> RateAsync(Func<Task> batch, int inFlight, double seconds)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var done = 0L;
        var start = Stopwatch.GetTimestamp();
        var lanes = new Task[inFlight];
        for (var l = 0; l < inFlight; l++)
        {
            lanes[l] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    await batch().ConfigureAwait(false);
                    Interlocked.Increment(ref done);
                }
            });
        }
        await Task.WhenAll(lanes).ConfigureAwait(false);
        return done / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
