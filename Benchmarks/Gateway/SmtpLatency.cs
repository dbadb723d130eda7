using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sift.Benchmarks.Gateway;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- load smtp-latency HOST:PORT SESSIONS MESSAGES [SIZE]</c>:
/// smtp-source's job (SESSIONS concurrent SMTP sessions, one message per connection, MESSAGES in
/// all) with the latency of each message measured: from connect to the server's answer after the
/// final dot. Prints messages per second, p50 and p99 in ms, and how many were not accepted.
/// </summary>
public static class SmtpLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: smtp-latency HOST:PORT SESSIONS MESSAGES [SIZE]");
            return 2;
        }
        var endPoint = IPEndPoint.Parse(args[0]);
        var sessions = int.Parse(args[1], CultureInfo.InvariantCulture);
        var messages = int.Parse(args[2], CultureInfo.InvariantCulture);
        var size = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2000;
        var body = Body(size);
        var latencies = new double[messages];
        var next = -1;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await SendOneAsync(endPoint, body);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sessions={sessions} messages={messages} per-second={messages / elapsed:F1} p50={latencies[messages / 2]:F1}ms p99={latencies[Math.Min(messages - 1, (int)(messages * 0.99))]:F1}ms not-accepted={failed}"));
        return 0;
    }

    private static byte[] Body(int size)
    {
        var text = new StringBuilder("From: <load@example.org>\r\nTo: <sink@example.net>\r\nSubject: load\r\n\r\n");
        while (text.Length < size)
        {
            text.Append("The quick brown fox jumps over the lazy dog, again and again.\r\n");
        }
        text.Append(".\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>One session, one message; true when the message was accepted (2xx after the dot).</summary>
    private static async Task<bool> SendOneAsync(IPEndPoint endPoint, byte[] body)
    {
        try
        {
            using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.ASCII, false, 4096, leaveOpen: true);
            if (!await ExpectAsync(reader, '2')) { return false; }
            foreach (var command in new[] { "EHLO load.example\r\n", "MAIL FROM:<load@example.org>\r\n", "RCPT TO:<sink@example.net>\r\n" })
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(command));
                if (!await ExpectAsync(reader, '2')) { return false; }
            }
            await stream.WriteAsync("DATA\r\n"u8.ToArray());
            if (!await ExpectAsync(reader, '3')) { return false; }
            await stream.WriteAsync(body);
            var accepted = await ExpectAsync(reader, '2');
            await stream.WriteAsync("QUIT\r\n"u8.ToArray());
            return accepted;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return false;
        }
    }

    /// <summary>Reads one (possibly multi-line) reply; true when its code starts with <paramref name="first"/>.</summary>
    private static async Task<bool> ExpectAsync(StreamReader reader, char first)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync();
            if (line is null || line.Length < 4)
            {
                return false;
            }
            if (line[3] != '-')
            {
                return line[0] == first;
            }
        }
    }
}
