using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>
/// How one check ended, before timing and scoring: the one mapping from what came back (an
/// answer, an exception, a refusal) to status, interpretation and error text, shared by the
/// aggregator and the inline path so that both record a check the same way.
/// </summary>
internal readonly record struct CheckOutcome(CheckStatus Status, Interpretation? Interpretation, string? Error)
{
    /// <summary>A message an aggregator received for a check: a <see cref="CheckReply"/> or an <see cref="Overloaded"/>.</summary>
    public static CheckOutcome Of(object message, CheckKind kind, CheckSpec spec) => message switch
    {
        Overloaded o => Refused(o.Reason, o.Limit),
        CheckReply { Error: { } error } => Failed(error),
        CheckReply reply => Answered(kind, spec, reply.Answer),
        _ => new(CheckStatus.Error, null, $"unexpected reply {message.GetType().Name}"),
    };

    /// <summary>The backend answered: the kind's interpreter says what it means (a throw or an
    /// <see cref="UnusableAnswer"/> is an error, never a hit).</summary>
    public static CheckOutcome Answered(CheckKind kind, CheckSpec spec, object? answer)
    {
        Interpretation interpretation;
        try
        {
            interpretation = kind.Interpreter(answer, spec);
        }
        catch (Exception e)
        {
            return new(CheckStatus.Error, null, $"answer not understood: {e.Message}");
        }
        return interpretation is UnusableAnswer unusable
            ? new(CheckStatus.Error, unusable, unusable.Reason ?? "unusable answer")
            : new(CheckStatus.Answered, interpretation, null);
    }

    /// <summary>The check failed: cancelled is aborted, the backend's own time-out is timed out, anything else an error.</summary>
    public static CheckOutcome Failed(Exception error) => error switch
    {
        OperationCanceledException => new(CheckStatus.Aborted, null, "aborted: cancelled"),
        TimeoutException timeout => new(CheckStatus.TimedOut, null, timeout.Message),
        _ => new(CheckStatus.Error, null, error.Message),
    };

    /// <summary>The check's result with this outcome: its duration and the score it added.</summary>
    public CheckResult ResultFor(CheckSpec spec, TimeSpan duration, double added, bool merged = false) =>
        new(spec.Name, spec.Kind, Status, duration, Interpretation, Error, added, merged);

    /// <summary>No place for the check: refused at once.</summary>
    public static CheckOutcome Refused(OverloadReason reason, int limit) =>
        new(CheckStatus.Overloaded, null, $"overloaded: {reason} (limit {limit})");
}
