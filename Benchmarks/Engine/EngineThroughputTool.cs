using System.Diagnostics;
using System.Globalization;
using Sift.Actors.Kernel;
using Sift.Engine;
using Sift.Engine.Checks;

namespace Sift.Benchmarks.Engine;

/// <summary>
/// Load tool <c>engine-throughput</c>: batches per second of six zero-latency custom checks,
/// the engine against a bare <see cref="Task.WhenAll(Task[])"/>, alternating rounds in one run.
/// A third figure is the floor of the actor-per-batch design: an actor that completes the
/// batch's task in its PreStart and stops (no checks at all).
/// Run: <c>dotnet run -c Release --project Benchmarks -- engine-throughput [batches] [in-flight] [sync|yield]</c>.
/// </summary>
public static class EngineThroughputTool
{
    public static async Task<int> RunAsync(string[] args)
    {
        var batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var yield = args.Length > 2 && args[2] == "yield";
        var check = ZeroLatencyCheck(yield);
        await using var engine = new FilterEngine();
        engine.RegisterCustom("zero", check, poolSize: Environment.ProcessorCount, maxInFlightPerWorker: 4096);
        var checks = SixChecks("zero");

        Task Bare()
        {
            var calls = new Task[6];
            for (var i = 0; i < 6; i++)
            {
                calls[i] = check(checks[i].Parameters, CancellationToken.None).AsTask();
            }
            return Task.WhenAll(calls);
        }

        Task Engine() => engine.RunChecksAsync(checks);

        Task ActorOnly()
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            engine.System.ActorOf(Props.Create(() => new AnswerAndStop(done)));
            return done.Task;
        }

        for (var round = 0; round < 3; round++)
        {
            var bare = await RateAsync(Bare, batches, inFlight).ConfigureAwait(false);
            var sift = await RateAsync(Engine, batches, inFlight).ConfigureAwait(false);
            var floor = await RateAsync(ActorOnly, batches, inFlight).ConfigureAwait(false);
            Console.WriteLine($"round {round}: Task.WhenAll {bare:0} batches/s, engine {sift:0} batches/s, ratio {sift / bare:0.00}; "
                + $"an actor per batch and nothing else {floor:0}/s");
        }
        return 0;
    }

    /// <summary>A custom check that answers OK at once: synchronously, or after one <see cref="Task.Yield"/>.</summary>
    internal static Func<object, CancellationToken, ValueTask<CustomAnswer>> ZeroLatencyCheck(bool yield)
    {
        var ok = CustomAnswer.Ok();
        return yield
            ? async (_, _) =>
            {
                await Task.Yield();
                return ok;
            }
            : (_, _) => ValueTask.FromResult(ok);
    }

    /// <summary>Six checks of <paramref name="kind"/>, named check0…check5.</summary>
    internal static CheckSpec[] SixChecks(string kind) => [.. Enumerable.Range(0, 6).Select(i => Check.Custom(kind, "check" + i, "p" + i))];

    /// <summary>The cheapest possible per-batch actor: answers and stops at once.</summary>
    private sealed class AnswerAndStop(TaskCompletionSource done) : ActorBase
    {
        protected override void PreStart()
        {
            done.TrySetResult();
            Context.Stop(Self);
        }
    }

    private static async Task<double> RateAsync(Func<Task> batch, int batches, int inFlight)
    {
        var start = Stopwatch.GetTimestamp();
        var lanes = new Task[inFlight];
        for (var l = 0; l < inFlight; l++)
        {
            var count = batches / inFlight;
            lanes[l] = Task.Run(async () =>
            {
                for (var i = 0; i < count; i++)
                {
                    await batch().ConfigureAwait(false);
                }
            });
        }
        await Task.WhenAll(lanes).ConfigureAwait(false);
        return batches / inFlight * inFlight / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
