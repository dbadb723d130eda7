using Sift.Actors.TestKit;
using Sift.Engine;
using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Fakes;

namespace Sift.Engine.Tests.Infrastructure;

/// <summary>
/// A <see cref="FilterEngine"/> per test on a <see cref="VirtualTimeProvider"/>, with a
/// <see cref="GatedBackend"/> registered as kind <c>gate</c> (custom answers, never merged) and
/// as kind <c>flag</c> (true/false answers interpreted as hits, merged by parameters).
/// Advance <see cref="Time"/> only after <see cref="WaitForBatches"/> or <see cref="WaitForAnswers"/>:
/// then the aggregators have armed their timers.
/// </summary>
public abstract class EngineTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(5);

    protected EngineTestBase(FilterEngineOptions? options = null)
    {
        Time = new VirtualTimeProvider();
        Backend = new GatedBackend();
        Engine = new FilterEngine((options ?? new FilterEngineOptions()) with { TimeProvider = Time });
        Engine.RegisterCustom("gate", (p, ct) => Backend.AnswerAsync<CustomAnswer>((string)p, ct));
        Engine.RegisterKind(new CheckKind("flag", () => (p, ct) => Backend.AnswerBoxedAsync((string)p, ct), FlagInterpretation.Interpret,
            TimeoutClass.Dns));
    }

    protected VirtualTimeProvider Time { get; }

    protected GatedBackend Backend { get; }

    protected FilterEngine Engine { get; }

    /// <summary>A check of kind <c>gate</c> waiting on the gate <paramref name="gate"/>.</summary>
    protected static CheckSpec Gate(string name, string? gate = null) => Check.Custom("gate", name, gate ?? name);

    /// <summary>A check of kind <c>flag</c> on the gate <paramref name="gate"/>; a true answer is a hit.</summary>
    protected static CheckSpec Flag(string name, string? gate = null) => Check.Custom("flag", name, gate ?? name);

    /// <summary>Waits (real time, bounded) until <paramref name="count"/> batches have started.</summary>
    protected void WaitForBatches(long count) =>
        ActorTestKit.AwaitCondition(() => Engine.Metrics.BatchesStarted >= count, RealTimeLimit, $"{count} batches started");

    /// <summary>Waits (real time, bounded) until aggregators have processed <paramref name="count"/> answers.</summary>
    protected void WaitForAnswers(long count) =>
        ActorTestKit.AwaitCondition(() => Engine.Metrics.AnswersProcessed >= count, RealTimeLimit, $"{count} answers processed");

    /// <summary>Waits (real time, bounded) until the gated backend has been called <paramref name="count"/> times in all.</summary>
    protected void WaitForCalls(int count) =>
        ActorTestKit.AwaitCondition(() => Backend.TotalCalls >= count, RealTimeLimit, $"{count} backend calls");

    /// <summary>The batch's result (real time, bounded).</summary>
    protected static Task<BatchResult> Result(Task<BatchResult> batch) => batch.WaitAsync(RealTimeLimit);

    /// <summary>Asserts that the batch has not answered yet (after a short real-time grace).</summary>
    protected static void AssertPending(Task<BatchResult> batch) =>
        Assert.False(batch.Wait(TimeSpan.FromMilliseconds(50)), "the batch answered too early");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Backend.ReleaseAll();
        await Engine.DisposeAsync();
    }
}

/// <summary>A true/false answer: true is a hit.</summary>
/// <param name="Listed">The answer.</param>
/// <param name="Reason">The reason when listed.</param>
public sealed record FlagInterpretation(bool Listed, string? Reason) : Interpretation
{
    public override bool Hit => Listed;

    public override string? Reason { get; } = Reason;

    public static Interpretation Interpret(object? answer, CheckSpec check) => answer switch
    {
        true => new FlagInterpretation(true, check.Name + " listed"),
        false => new FlagInterpretation(false, null),
        _ => new UnusableAnswer($"{check.Name}: not a boolean"),
    };
}
