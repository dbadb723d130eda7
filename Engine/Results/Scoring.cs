using System.Globalization;
using Sift.Engine.Checks;

namespace Sift.Engine.Results;

/// <summary>One check as scoring sees it.</summary>
/// <param name="Name">The check's name (the key of a weight override).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Interpretation">Its interpretation when answered.</param>
/// <param name="Weight">Its weight (a weight override by name wins).</param>
/// <param name="OnError">What its error means.</param>
/// <param name="Error">The error text, for the reason of a fail-closed error.</param>
public sealed record ScoredCheck(string Name, CheckStatus Status, Interpretation? Interpretation, double Weight = 1.0,
    ErrorPolicy OnError = ErrorPolicy.FailOpen, string? Error = null);

/// <summary>The thresholds of scoring.</summary>
/// <param name="RejectAt">Score from which the verdict is REJECT (default 8.0).</param>
/// <param name="TempfailAt">Score from which the verdict is TEMPFAIL, the top band (default 12.0).</param>
public sealed record ScoringThresholds(double RejectAt = 8.0, double TempfailAt = 12.0)
{
    /// <summary>The reference defaults.</summary>
    public static ScoringThresholds Default { get; } = new();

    /// <summary>The band of a score: ≥ tempfail-at TEMPFAIL, else ≥ reject-at REJECT, else PASS.</summary>
    public Verdict Band(double score) => score >= TempfailAt ? Verdict.Tempfail : score >= RejectAt ? Verdict.Reject : Verdict.Pass;
}

/// <summary>The tally of a batch.</summary>
/// <param name="Score">Sum of the weights of the hits.</param>
/// <param name="Verdict">The band of the score, raised by any floor (fail-closed error, overload, DENY/DENYSOFT).</param>
/// <param name="Reasons">First the reasons that forced the verdict, then the hits' reasons by weight, heaviest first.</param>
/// <param name="Weights">The weight each check added (0 for those that added nothing), by name.</param>
public sealed record ScoreResult(double Score, Verdict Verdict, IReadOnlyList<string> Reasons, IReadOnlyDictionary<string, double> Weights);

/// <summary>
/// Scoring with the semantics of Mail::MIMEDefang::Async::Results' score_results: each hit adds
/// its weight; TEMPFAIL is the top band (score ≥ tempfail-at), then REJECT (≥ reject-at), else
/// PASS; a check that errored, timed out or was aborted adds nothing, unless it fails closed,
/// which makes the verdict at least TEMPFAIL; an overloaded check makes it TEMPFAIL
/// (backpressure); an interpretation that is an <see cref="IVerdictFloor"/> raises the verdict
/// to its floor.
/// </summary>
public static class Scoring
{
    /// <summary>Scores name → interpretation with per-name weights (default 1 each), as the reference does.</summary>
    public static ScoreResult ScoreResults(IReadOnlyDictionary<string, Interpretation> interpreted,
        IReadOnlyDictionary<string, double>? weights = null, double rejectAt = 8.0, double tempfailAt = 12.0)
    {
        ArgumentNullException.ThrowIfNull(interpreted);
        return ScoreResults(
            interpreted.Select(p => new ScoredCheck(p.Key, CheckStatus.Answered, p.Value)),
            weights,
            new ScoringThresholds(rejectAt, tempfailAt));
    }

    /// <summary>Scores checks with their status, weight and error policy; <paramref name="weights"/> overrides weights by name.</summary>
    public static ScoreResult ScoreResults(IEnumerable<ScoredCheck> checks, IReadOnlyDictionary<string, double>? weights = null,
        ScoringThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var tally = new ScoreTally();
        var applied = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            applied[check.Name] = tally.Add(check.Name, check.Status, check.Interpretation, WeightOf(check.Name, check.Weight, weights), check.OnError, check.Error);
        }
        return tally.Result(thresholds ?? ScoringThresholds.Default, applied);
    }

    /// <summary>
    /// What one ended check contributes: the score it adds, the floor it puts under the verdict,
    /// and the reason when it forces that floor (an error of a fail-closed check, an overload,
    /// an <see cref="IVerdictFloor"/> answer such as DENY).
    /// </summary>
    /// <param name="check">The check.</param>
    /// <param name="weight">Its effective weight (after overrides).</param>
    public static (double Added, Verdict Floor, string? ForcedReason) Assess(ScoredCheck check, double weight)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Assess(check.Name, check.Status, check.Interpretation, weight, check.OnError, check.Error);
    }

    /// <summary>As <see cref="Assess(ScoredCheck, double)"/>, from the parts (no allocation on the engine's hot path).</summary>
    internal static (double Added, Verdict Floor, string? ForcedReason) Assess(
        string name, CheckStatus status, Interpretation? interpretation, double weight, ErrorPolicy onError, string? error) =>
        status switch
        {
            CheckStatus.Answered when interpretation is UnusableAnswer unusable => ErrorFloor(name, onError, unusable.Reason ?? "unusable answer"),
            CheckStatus.Answered when interpretation is IVerdictFloor { MinimumVerdict: > Verdict.Pass } floor => (
                interpretation.Hit ? weight : 0.0,
                floor.MinimumVerdict,
                interpretation.Reason ?? $"{name}: {floor.MinimumVerdict}"),
            CheckStatus.Answered when interpretation is not null => (interpretation.Hit ? weight : 0.0, Verdict.Pass, null),
            CheckStatus.Answered => (0.0, Verdict.Pass, null),
            CheckStatus.Overloaded => (0.0, Verdict.Tempfail, $"{name}: overloaded, try again later"),
            _ => ErrorFloor(name, onError, error ?? status.ToString()),
        };

    /// <summary>The headers a gateway adds for a score: <c>X-Spam-Score</c> and <c>X-Spam-Status</c>
    /// (<c>Yes|No, score=S required=R tests=a,b</c>; Yes when the verdict is not PASS).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(ScoreResult result, ScoringThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tests = string.Join(',', result.Weights.Where(w => w.Value != 0).OrderByDescending(w => w.Value).Select(w => w.Key));
        var score = result.Score.ToString("0.0", CultureInfo.InvariantCulture);
        var required = thresholds.RejectAt.ToString("0.0", CultureInfo.InvariantCulture);
        var flag = result.Verdict == Verdict.Pass ? "No" : "Yes";
        return
        [
            new("X-Spam-Score", score),
            new("X-Spam-Status", $"{flag}, score={score} required={required} tests={(tests.Length == 0 ? "none" : tests)}"),
        ];
    }

    internal static double WeightOf(string name, double weight, IReadOnlyDictionary<string, double>? overrides) =>
        overrides is { Count: > 0 } && overrides.TryGetValue(name, out var w) ? w : weight;

    private static (double, Verdict, string?) ErrorFloor(string name, ErrorPolicy onError, string error) =>
        onError == ErrorPolicy.FailClosed
            ? (0.0, Verdict.Tempfail, $"{name}: {error} (fail-closed)")
            : (0.0, Verdict.Pass, null);
}
