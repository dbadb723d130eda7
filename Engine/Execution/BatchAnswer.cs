using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>The answer to a batch whose checks have all ended, built the same way whether an
/// aggregator or the inline path answers it: score and verdict from the tally of its results in
/// order, the configured action, the log line and the counters.</summary>
internal static class BatchAnswer
{
    /// <param name="counted">True when the caller has already counted the batch as answered.</param>
    public static BatchResult Create(EngineContext engine, CheckResult[] results, in ScoreTally tally, IReadOnlyList<string> waitedFor,
        BatchEnd end, TimeSpan elapsed, bool counted = false)
    {
        var thresholds = engine.Thresholds;
        var score = tally.Result(thresholds, new CheckWeights(results));
        var batch = new BatchResult(results, score, engine.Options.ActionFor(score.Verdict), thresholds,
            waitedFor, end == BatchEnd.GlobalTimeout, end == BatchEnd.Early, elapsed);
        if (!counted)
        {
            engine.Metrics.OnBatchEnded(end);
        }
        EngineLog.BatchAnswered(engine.Log, batch.Verdict, batch.Score, results.Length, elapsed.TotalMilliseconds, end);
        return batch;
    }
}
