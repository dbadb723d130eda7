using System.Globalization;
using System.Runtime.InteropServices;
using Sift.Protocols.Milter;

namespace Sift.Benchmarks.Mta;

/// <summary>
/// <c>dotnet run -c Release --project Benchmarks -- milter-accept-all --listen inet:PORT@127.0.0.1
/// [--max-connections N] [--minutes M]</c>: the stand-in for Sift's gateway in the Postfix benchmark —
/// the milter library with a handler that accepts everything (no checks). Serves until SIGTERM/SIGINT
/// or for M minutes (default 30), whichever comes first.
/// </summary>
public static class AcceptAllMilter
{
    private sealed class AcceptAll : MilterHandler;

    public static async Task<int> RunAsync(string[] args)
    {
        string listen = "inet:8890@127.0.0.1";
        int maxConnections = 12_000;
        double minutes = 30;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--listen": listen = args[i + 1]; break;
                case "--max-connections": maxConnections = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--minutes": minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine("usage: milter-accept-all --listen inet:PORT@127.0.0.1 [--max-connections N] [--minutes M]");
                    return 2;
            }
        }
        Milter.MilterIdle.RaiseOpenFileLimit();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        await using var server = new MilterServer(() => new AcceptAll(),
            new MilterServerOptions { Listen = listen, MaxConnections = maxConnections, Backlog = 4096 });
        await server.StartAsync();
        Console.WriteLine($"milter-accept-all: listening on {server.LocalEndPoint}");
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { }
        await server.StopAsync(TimeSpan.FromSeconds(2));
        return 0;
    }
}
