using System.Globalization;
using System.Runtime.InteropServices;
using Sift.Protocols.Milter;

namespace Sift.Benchmarks.Mta;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- milter-accept-all --listen inet:PORT@127.0.0.1
/// [--max-connections N] [--minutes M] [--every-stage] [--no-reply]</c>: the stand-in for Sift's gateway
/// in the Postfix benchmark — the milter library with a handler that accepts everything (no checks).
/// By default the MTA is told to leave out every stage the handler does not override (all but end of
/// message); <c>--every-stage</c> listens to every stage, and <c>--no-reply</c> then asks for no reply
/// to any stage before end of message (<c>SMFIP_NR_*</c>, as the gateway does for stages without
/// checks). Serves until SIGTERM/SIGINT or for M minutes (default 30), whichever comes first.
/// </summary>
public static class AcceptAllMilter
{
    private const MilterProtocolFlags NoReplies = MilterProtocolFlags.NoReplyConnect | MilterProtocolFlags.NoReplyHelo
        | MilterProtocolFlags.NoReplyMail | MilterProtocolFlags.NoReplyRcpt | MilterProtocolFlags.NoReplyData
        | MilterProtocolFlags.NoReplyHeader | MilterProtocolFlags.NoReplyEndOfHeaders | MilterProtocolFlags.NoReplyBody;

    private sealed class AcceptAll : MilterHandler;

    /// <summary>Listens to every stage (so that the MTA sends them all) and continues at each.</summary>
    private sealed class EveryStage : MilterHandler
    {
        public override ValueTask<MilterResponse> OnConnectAsync(MilterContext context, MilterConnectInfo client) => base.OnConnectAsync(context, client);
        public override ValueTask<MilterResponse> OnHeloAsync(MilterContext context, string helo) => base.OnHeloAsync(context, helo);
        public override ValueTask<MilterResponse> OnMailFromAsync(MilterContext context, string sender, IReadOnlyList<string> arguments) => base.OnMailFromAsync(context, sender, arguments);
        public override ValueTask<MilterResponse> OnRcptAsync(MilterContext context, string recipient, IReadOnlyList<string> arguments) => base.OnRcptAsync(context, recipient, arguments);
        public override ValueTask<MilterResponse> OnDataAsync(MilterContext context) => base.OnDataAsync(context);
        public override ValueTask<MilterResponse> OnHeaderAsync(MilterContext context, string name, string value) => base.OnHeaderAsync(context, name, value);
        public override ValueTask<MilterResponse> OnEndOfHeadersAsync(MilterContext context) => base.OnEndOfHeadersAsync(context);
        public override ValueTask<MilterResponse> OnBodyAsync(MilterContext context, System.Buffers.ReadOnlySequence<byte> chunk) => base.OnBodyAsync(context, chunk);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string listen = "inet:8890@127.0.0.1";
        int maxConnections = 12_000;
        double minutes = 30;
        bool everyStage = false, noReply = false;
        for (var i = 0; i < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--every-stage": everyStage = true; i--; continue;
                case "--no-reply": noReply = true; i--; continue;
                case "--listen" when i + 1 < args.Length: listen = args[i + 1]; break;
                case "--max-connections" when i + 1 < args.Length: maxConnections = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--minutes" when i + 1 < args.Length: minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine("usage: milter-accept-all --listen inet:PORT@127.0.0.1 [--max-connections N] [--minutes M] [--every-stage] [--no-reply]");
                    return 2;
            }
        }
        Milter.MilterIdle.RaiseOpenFileLimit();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        await using var server = new MilterServer(() => everyStage ? new EveryStage() : new AcceptAll(),
            new MilterServerOptions
            {
                Listen = listen,
                MaxConnections = maxConnections,
                Backlog = 4096,
                Protocol = everyStage && noReply ? NoReplies : MilterProtocolFlags.None,
            });
        await server.StartAsync();
        Console.WriteLine($"milter-accept-all: listening on {server.LocalEndPoint}");
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { }
        await server.StopAsync(TimeSpan.FromSeconds(2));
        return 0;
    }
}
