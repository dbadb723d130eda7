namespace Sift.Engine.Execution;

/// <summary>Counters of an engine since it started (thread-safe reads).</summary>
public sealed class EngineMetrics
{
    private long _batchesStarted;
    private long _batchesAnswered;
    private long _earlyExits;
    private long _globalTimeouts;
    private long _checksDispatched;
    private long _checksMerged;
    private long _answersProcessed;
    private long _lateAnswers;

    /// <summary>Batches whose aggregator has started (checks dispatched, timer armed).</summary>
    public long BatchesStarted => Volatile.Read(ref _batchesStarted);

    /// <summary>Batches answered (complete, early, timed out or cancelled).</summary>
    public long BatchesAnswered => Volatile.Read(ref _batchesAnswered);

    /// <summary>Batches answered before every check ended because the verdict was certain.</summary>
    public long EarlyExits => Volatile.Read(ref _earlyExits);

    /// <summary>Batches cut by the global timeout.</summary>
    public long GlobalTimeouts => Volatile.Read(ref _globalTimeouts);

    /// <summary>Checks started (including those merged into a lookup in flight).</summary>
    public long ChecksDispatched => Volatile.Read(ref _checksDispatched);

    /// <summary>Checks that joined an identical lookup already in flight.</summary>
    public long ChecksMerged => Volatile.Read(ref _checksMerged);

    /// <summary>Lookup outcomes an aggregator has fully processed (answer recorded, deadline re-armed).</summary>
    public long AnswersProcessed => Volatile.Read(ref _answersProcessed);

    /// <summary>Answers that arrived after their check had ended (timed out, aborted): dropped.</summary>
    public long LateAnswers => Volatile.Read(ref _lateAnswers);

    internal void OnBatchStarted() => Interlocked.Increment(ref _batchesStarted);

    internal void OnDispatched(bool merged)
    {
        Interlocked.Increment(ref _checksDispatched);
        if (merged)
        {
            Interlocked.Increment(ref _checksMerged);
        }
    }

    internal void OnAnswerProcessed() => Interlocked.Increment(ref _answersProcessed);

    internal void OnLateAnswer() => Interlocked.Increment(ref _lateAnswers);

    internal void OnBatchEnded(BatchEnd end)
    {
        Interlocked.Increment(ref _batchesAnswered);
        if (end == BatchEnd.Early)
        {
            Interlocked.Increment(ref _earlyExits);
        }
        else if (end == BatchEnd.GlobalTimeout)
        {
            Interlocked.Increment(ref _globalTimeouts);
        }
    }
}
