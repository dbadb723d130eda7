namespace Sift.Engine.Results;

/// <summary>
/// The answer to one batch: every check's result (status, duration, interpretation or error,
/// weight applied), the score, the verdict and the configured action, the reasons, the headers
/// to add, and — when the batch ended before every check answered — what it was still waiting for.
/// </summary>
public sealed class BatchResult
{
    private readonly ScoreResult _score;
    private readonly ScoringThresholds _thresholds;
    private IReadOnlyDictionary<string, CheckResult>? _results;
    private IReadOnlyList<KeyValuePair<string, string>>? _headers;

    /// <summary>Creates a result (the engine does; public for tests and gateways that replay results).</summary>
    public BatchResult(IReadOnlyList<CheckResult> checks, ScoreResult score, FilterAction action, ScoringThresholds thresholds,
        IReadOnlyList<string> waitedFor, bool timedOut, bool earlyExit, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(thresholds);
        _score = score;
        _thresholds = thresholds;
        Checks = checks;
        Score = score.Score;
        Verdict = score.Verdict;
        Reasons = score.Reasons;
        Action = action;
        WaitedFor = waitedFor;
        TimedOut = timedOut;
        EarlyExit = earlyExit;
        Elapsed = elapsed;
    }

    /// <summary>The checks' results, in the order they were given.</summary>
    public IReadOnlyList<CheckResult> Checks { get; }

    /// <summary>The checks' results by name.</summary>
    public IReadOnlyDictionary<string, CheckResult> Results => _results ??= Checks.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Error text by name, for the checks that did not answer (errors, time-outs, aborts, overloads).</summary>
    public IReadOnlyDictionary<string, string> Errors =>
        Checks.Where(c => c.Status != CheckStatus.Answered || c.Error is not null).ToDictionary(c => c.Name, c => c.Error ?? c.Status.ToString(), StringComparer.Ordinal);

    /// <summary>Duration by name.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Timings => Checks.ToDictionary(c => c.Name, c => c.Duration, StringComparer.Ordinal);

    /// <summary>The summed weights of the hits.</summary>
    public double Score { get; }

    /// <summary>PASS, REJECT or TEMPFAIL.</summary>
    public Verdict Verdict { get; }

    /// <summary>What the gateway should do, from the configured action table.</summary>
    public FilterAction Action { get; }

    /// <summary>Reasons: those that forced the verdict first, then the hits by weight.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>Headers to add (X-Spam-Score, X-Spam-Status).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers ??= Scoring.Headers(_score, _thresholds);

    /// <summary>The checks still pending (or never started) when the global timeout ended the batch.</summary>
    public IReadOnlyList<string> WaitedFor { get; }

    /// <summary>True when the global timeout ended the batch.</summary>
    public bool TimedOut { get; }

    /// <summary>True when the verdict was certain before every check answered and the rest were aborted.</summary>
    public bool EarlyExit { get; }

    /// <summary>From the start of the batch to its answer.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Verdict} score={Score:0.0} ({Checks.Count} checks, {Elapsed.TotalMilliseconds:0} ms)";
}
