namespace Sift.Engine.Results;

/// <summary>One check of a batch, as it ended: the lookup timing log entry.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Duration">From dispatch to its end (zero when it never started).</param>
/// <param name="Interpretation">The interpreted answer when <paramref name="Status"/> is <see cref="CheckStatus.Answered"/>.</param>
/// <param name="Error">What went wrong otherwise (error text, "timed out after …", "aborted: …", "overloaded: …").</param>
/// <param name="WeightApplied">The score this check added to the batch.</param>
/// <param name="Merged">True when it shared an identical lookup already in flight.</param>
public sealed record CheckResult(
    string Name,
    string Kind,
    CheckStatus Status,
    TimeSpan Duration,
    Interpretation? Interpretation,
    string? Error,
    double WeightApplied,
    bool Merged);
