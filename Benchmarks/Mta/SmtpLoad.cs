using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sift.Benchmarks.Mta;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- mta-load --smtp 127.0.0.1:PORT --sessions N --messages M
/// [--size BYTES] [--deadline SECONDS] [--source 127.0.0.2] [--maillog FILE]</c>: sends M messages through an SMTP server from N concurrent
/// sessions, one message per connection like smtp-source (connect, greeting, EHLO, MAIL, RCPT, DATA,
/// message, QUIT), and measures each message from the connect to the reply after the final dot — the
/// latency a sending MTA sees, milter included. Prints a human line and a <c>RESULT key=value ...</c>
/// line for scripts. With <c>--maillog</c> (Postfix's <c>maillog_file</c>) it then waits until every
/// accepted message is logged as delivered and reports the delivered rate too (first connect to last
/// delivery). <c>--source</c> binds the client side to another loopback address (a DNSBL-listed one
/// for the preflight check). Loopback only; the whole run stops at the deadline (default 300 s).
/// </summary>
public static class SmtpLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: mta-load --smtp 127.0.0.1:PORT --sessions N --messages M [--size BYTES] [--deadline SECONDS] [--source 127.0.0.2] [--maillog FILE]");
            return 2;
        }
        if (!IPAddress.IsLoopback(options.EndPoint.Address) || (options.Source is { } source && !IPAddress.IsLoopback(source)))
        {
            Console.Error.WriteLine("mta-load: only loopback addresses are allowed");
            return 2;
        }
        var message = BuildMessage(options.Size);
        var latencies = new double[options.Messages];
        var codes = new int[options.Messages];
        var next = -1;
        var deliveries = options.Maillog is null ? null : new DeliveryCounter(options.Maillog);
        var delivered0 = deliveries?.Refresh() ?? 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.DeadlineSeconds));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Messages && !deadline.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                codes[i] = await SendOneAsync(options.EndPoint, options.Source, message, deadline.Token);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var accepted = codes.Count(c => c is >= 200 and < 300);
        var sorted = latencies.Where((_, i) => codes[i] is >= 200 and < 300).Order().ToArray();
        var failures = string.Join(",", codes.Where(c => c is < 200 or >= 300).GroupBy(c => c).OrderBy(g => g.Key)
            .Select(g => FormattableString.Invariant($"{(g.Key < 0 ? "io" : g.Key.ToString(CultureInfo.InvariantCulture))}:{g.Count()}")));
        var perSecond = accepted / seconds;
        var deliveredPerSecond = double.NaN;
        if (deliveries is not null && await deliveries.WaitForAsync(delivered0 + accepted, deadline.Token))
        {
            deliveredPerSecond = accepted / clock.Elapsed.TotalSeconds;
        }
        Console.WriteLine(FormattableString.Invariant(
            $"mta-load: {options.Sessions} sessions, {accepted}/{options.Messages} accepted in {seconds:F2} s = {perSecond:F1} msg/s (delivered {deliveredPerSecond:F1}/s); latency p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms{(failures.Length > 0 ? $"; not accepted {failures}" : "")}"));
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT sessions={options.Sessions} messages={options.Messages} accepted={accepted} seconds={seconds:F3} per_second={perSecond:F1} delivered_per_second={deliveredPerSecond:F1} p50_ms={Percentile(sorted, 0.50):F2} p99_ms={Percentile(sorted, 0.99):F2} failures={(failures.Length > 0 ? failures : "none")}"));
        return accepted == options.Messages ? 0 : 1;
    }

    /// <summary>One message on a fresh connection; returns the reply code to the final dot, the
    /// failing code of an earlier step, 0 for a malformed reply or -1 for a connection failure.</summary>
    private static async Task<int> SendOneAsync(IPEndPoint endPoint, IPAddress? source, byte[] message, CancellationToken cancel)
    {
        SmtpSession? session = null;
        try
        {
            (session, var code) = await SmtpSession.ConnectAsync(endPoint, source, cancel);
            if (code != 220) { return code; }
            if ((code = await session.CommandAsync("EHLO client.sift.test", cancel)) != 250) { return code; }
            if ((code = await session.CommandAsync("MAIL FROM:<sender@client.sift.test>", cancel)) != 250) { return code; }
            if ((code = await session.CommandAsync("RCPT TO:<rcpt@dest.sift.test>", cancel)) != 250) { return code; }
            if ((code = await session.CommandAsync("DATA", cancel)) != 354) { return code; }
            return await session.SendDataAsync(message, cancel);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return -1;
        }
        finally
        {
            if (session is not null) { await session.DisposeAsync(); }
        }
    }

    /// <summary>Headers and a plain-text body of about <paramref name="size"/> bytes in 72-character lines, then CRLF.CRLF.</summary>
    private static byte[] BuildMessage(int size)
    {
        var text = new StringBuilder()
            .Append("From: <sender@client.sift.test>\r\n")
            .Append("To: <rcpt@dest.sift.test>\r\n")
            .Append("Subject: mta load\r\n")
            .Append("Date: Sun, 22 Nov 2026 04:00:00 +0000\r\n")
            .Append("Message-ID: <load@client.sift.test>\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=us-ascii\r\n")
            .Append("\r\n");
        var line = "The quick brown fox jumps over the lazy dog while the milter looks on. ab\r\n";
        for (var written = 0; written < size; written += line.Length) { text.Append(line); }
        return Encoding.ASCII.GetBytes(text.Append(".\r\n").ToString());
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private sealed record Options(IPEndPoint EndPoint, int Sessions, int Messages, int Size, double DeadlineSeconds, IPAddress? Source, string? Maillog)
    {
        public static Options? Parse(string[] args)
        {
            IPEndPoint? endPoint = null;
            int sessions = 1, messages = 100, size = 2000;
            double deadline = 300;
            IPAddress? source = null;
            string? maillog = null;
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                switch (args[i])
                {
                    case "--smtp": endPoint = IPEndPoint.TryParse(value, out var e) ? e : null; break;
                    case "--sessions": sessions = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--messages": messages = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--size": size = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--deadline": deadline = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--source": source = IPAddress.TryParse(value, out var a) ? a : IPAddress.None; break;
                    case "--maillog": maillog = value; break;
                    default: return null;
                }
            }
            if (endPoint is null || sessions is < 1 or > 10_000 || messages is < 1 or > 1_000_000 || size is < 0 or > 10_000_000 || deadline <= 0)
            {
                return null;
            }
            return new Options(endPoint, Math.Min(sessions, messages), messages, size, deadline, source, maillog);
        }
    }
}
