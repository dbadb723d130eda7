using System.Net;
using Sift.Engine;
using Sift.Engine.Configuration;
using Sift.Engine.Milter;

namespace Sift.Benchmarks.Milter;

/// <summary>The child of <c>milter-idle … gateway</c>: Sift's milter gateway with its engine, serving until stdin closes.</summary>
internal static class GatewayIdle
{
    public static async Task<int> ServeAsync(int count)
    {
        MilterIdle.RaiseOpenFileLimit();
        var options = new SiftOptions();
        options.Milter.Listen = "inet:0@127.0.0.1";
        options.Milter.MaxConnections = count + 100;
        // A check at end of message, so every session holds a policy with work to do.
        options.Checks["custom"] = new CheckOptions { Kind = "idle-custom" };
        await using var engine = new FilterEngine();
        engine.RegisterCustom("idle-custom", static (_, _) => ValueTask.FromResult(Sift.Engine.Checks.CustomAnswer.Ok()));
        await using var gateway = new MilterGateway(engine, options);
        await gateway.StartAsync();
        Console.WriteLine($"PORT {((IPEndPoint)gateway.LocalEndPoint!).Port}");
        await MilterIdle.WaitForStdinCloseAsync();
        await gateway.StopAsync(TimeSpan.Zero);
        return 0;
    }
}
