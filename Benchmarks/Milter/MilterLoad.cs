using System.Diagnostics;
using System.Net;
using Sift.Protocols.Milter;

namespace Sift.Benchmarks.Milter;

/// <summary>
/// Load tool for the milter library: <c>dotnet run -c Release --project Benchmarks -- load milter [seconds]</c>
/// drives 1 and 50 concurrent sessions over loopback against an accept-all handler, each
/// message a full round (connect, helo, mail, rcpt, 3 headers, eoh, body, eom: 10 round trips,
/// then quit-new-connection), and, as the floor, a raw TCP echo of the same 10 packets per
/// message. <c>-- load milter-idle [count]</c> holds idle sessions on a server in a child process
/// and reports its RSS. Everything runs on loopback and stops by itself.
/// </summary>
public static class MilterLoad
{
    private sealed class AcceptAll : MilterHandler;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"milter load: {seconds} s per run, {Environment.ProcessorCount} cores, loopback");
        Console.WriteLine("| sessions | peer | messages/s | p50 ms | p99 ms | ratio to echo floor |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var sessions in new[] { 1, 50 })
        {
            var echo = await RunEchoAsync(sessions, seconds);
            var milter = await RunMilterAsync(sessions, seconds);
            Print(sessions, "raw TCP echo, 10 packets (floor)", echo, echo);
            Print(sessions, "Sift milter library, accept-all", milter, echo);
        }
        return 0;
    }

    private static void Print(int sessions, string peer, LoadResult result, LoadResult floor) =>
        Console.WriteLine(FormattableString.Invariant(
            $"| {sessions} | {peer} | {result.PerSecond:F0} | {result.P50:F3} | {result.P99:F3} | {result.PerSecond / floor.PerSecond:F2} |"));

    private static async Task<LoadResult> RunMilterAsync(int sessions, double seconds)
    {
        await using var server = new MilterServer(() => new AcceptAll(), new MilterServerOptions { Listen = "inet:0@127.0.0.1" });
        await server.StartAsync();
        return await LoadResult.MeasureAsync(sessions, seconds, async (recorder, stop) =>
        {
            await using var client = await MilterClient.ConnectAsync(server.LocalEndPoint!);
            await client.NegotiateAsync(new MilterNegotiation(6, (MilterActions)0x1ff, MilterProtocolFlags.None));
            var connect = new MilterConnectInfo("client.example", MilterAddressFamily.Inet, 40000, "127.0.0.1");
            var body = new byte[2000];
            Array.Fill(body, (byte)'x');
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var w = client.Writer;
                w.WriteConnect(connect); await Expect(client);
                w.WriteStrings((byte)MilterCommand.Helo, "client.example"); await Expect(client);
                w.WriteStrings((byte)MilterCommand.Mail, ["<sender@example.com>", "SIZE=2000"]); await Expect(client);
                w.WriteStrings((byte)MilterCommand.Rcpt, "<rcpt@example.com>"); await Expect(client);
                w.WriteStrings((byte)MilterCommand.Header, "From", "sender@example.com"); await Expect(client);
                w.WriteStrings((byte)MilterCommand.Header, "To", "rcpt@example.com"); await Expect(client);
                w.WriteStrings((byte)MilterCommand.Header, "Subject", "load"); await Expect(client);
                w.WriteEmpty((byte)MilterCommand.EndOfHeaders); await Expect(client);
                w.WritePacket((byte)MilterCommand.Body, body); await Expect(client);
                w.WriteEmpty((byte)MilterCommand.EndOfBody); await Expect(client);
                w.WriteEmpty((byte)MilterCommand.QuitNewConnection);
                await client.SendAsync();
                recorder.Record(started);
            }
        });
    }

    private static async Task Expect(MilterClient client)
    {
        var reply = await client.CommandAsync();
        if (reply.Code != MilterReplyCode.Continue)
        {
            throw new InvalidOperationException($"unexpected reply '{(char)reply.Code}'");
        }
    }

    private static async Task<LoadResult> RunEchoAsync(int sessions, double seconds)
    {
        await using var echo = await EchoServer.StartAsync();
        // The same packet sizes as the milter round: 10 commands, each echoed back whole.
        int[] sizes = [36, 20, 35, 24, 30, 27, 18, 5, 2005, 5];
        return await LoadResult.MeasureAsync(sessions, seconds, async (recorder, stop) =>
        {
            using var client = await EchoServer.ConnectAsync(echo.EndPoint);
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                foreach (var size in sizes)
                {
                    await client.SendAsync(buffer.AsMemory(0, size));
                    var read = 0;
                    while (read < size)
                    {
                        var n = await client.ReceiveAsync(buffer.AsMemory(read, size - read));
                        if (n == 0) { throw new IOException("echo server closed"); }
                        read += n;
                    }
                }
                recorder.Record(started);
            }
        });
    }
}
