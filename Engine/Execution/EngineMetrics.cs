using System.Runtime.CompilerServices;

namespace Sift.Engine.Execution;

/// <summary>Counters of an engine since it started (thread-safe reads). Each counter is striped
/// over cache lines by processor, so that batches answered on different cores do not contend on
/// one line; a read sums the stripes.</summary>
public sealed class EngineMetrics
{
    private const int BatchesStartedAt = 0;
    private const int BatchesAnsweredAt = 1;
    private const int EarlyExitsAt = 2;
    private const int GlobalTimeoutsAt = 3;
    private const int ChecksDispatchedAt = 4;
    private const int ChecksMergedAt = 5;
    private const int AnswersProcessedAt = 6;
    private const int LateAnswersAt = 7;
    private const int BatchesAnsweredInlineAt = 8;

    /// <summary>Longs per stripe: 16 × 8 bytes = two cache lines, so that neighbouring stripes never share one.</summary>
    private const int Stride = 16;

    private readonly long[] _cells;
    private readonly int _mask;

    /// <summary>Creates zeroed counters.</summary>
    public EngineMetrics()
    {
        var stripes = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount, 1, 64));
        _mask = stripes - 1;
        _cells = new long[(stripes + 1) * Stride];
    }

    /// <summary>Batches started: an aggregator started (checks dispatched, timer armed), or the inline path began answering one.</summary>
    public long BatchesStarted => Sum(BatchesStartedAt);

    /// <summary>Batches answered (complete, early, timed out or cancelled).</summary>
    public long BatchesAnswered => Sum(BatchesAnsweredAt);

    /// <summary>Batches answered on the caller's thread, without an aggregator: every check ran inline and ended synchronously.</summary>
    public long BatchesAnsweredInline => Sum(BatchesAnsweredInlineAt);

    /// <summary>Batches answered before every check ended because the verdict was certain.</summary>
    public long EarlyExits => Sum(EarlyExitsAt);

    /// <summary>Batches cut by the global timeout.</summary>
    public long GlobalTimeouts => Sum(GlobalTimeoutsAt);

    /// <summary>Checks started (including those merged into a lookup in flight).</summary>
    public long ChecksDispatched => Sum(ChecksDispatchedAt);

    /// <summary>Checks that joined an identical lookup already in flight.</summary>
    public long ChecksMerged => Sum(ChecksMergedAt);

    /// <summary>Check outcomes fully processed (answer recorded, deadline re-armed), by an aggregator or inline.</summary>
    public long AnswersProcessed => Sum(AnswersProcessedAt);

    /// <summary>Answers that arrived after their check had ended (timed out, aborted): dropped.</summary>
    public long LateAnswers => Sum(LateAnswersAt);

    internal void OnBatchStarted() => Add(BatchesStartedAt, 1);

    internal void OnDispatched(bool merged)
    {
        Add(ChecksDispatchedAt, 1);
        if (merged)
        {
            Add(ChecksMergedAt, 1);
        }
    }

    /// <summary>A batch answered inline: started, <paramref name="checks"/> dispatched and answered, answered
    /// (complete). Empty batches and those of one check are the same counts with fewer operations.</summary>
    internal void OnAnsweredInline(int checks)
    {
        ref var cells = ref Stripe();
        Interlocked.Increment(ref Unsafe.Add(ref cells, BatchesStartedAt));
        if (checks > 0)
        {
            Interlocked.Add(ref Unsafe.Add(ref cells, ChecksDispatchedAt), checks);
            Interlocked.Add(ref Unsafe.Add(ref cells, AnswersProcessedAt), checks);
        }
        Interlocked.Increment(ref Unsafe.Add(ref cells, BatchesAnsweredInlineAt));
        Interlocked.Increment(ref Unsafe.Add(ref cells, BatchesAnsweredAt));
    }

    /// <summary>Checks started inline before the batch was handed to an aggregator.</summary>
    internal void OnDispatchedInline(int checks) => Add(ChecksDispatchedAt, checks);

    internal void OnAnswerProcessed(int count = 1) => Add(AnswersProcessedAt, count);

    internal void OnLateAnswer() => Add(LateAnswersAt, 1);

    internal void OnBatchEnded(BatchEnd end)
    {
        Add(BatchesAnsweredAt, 1);
        if (end == BatchEnd.Early)
        {
            Add(EarlyExitsAt, 1);
        }
        else if (end == BatchEnd.GlobalTimeout)
        {
            Add(GlobalTimeoutsAt, 1);
        }
    }

    private void Add(int counter, long value) => Interlocked.Add(ref Unsafe.Add(ref Stripe(), counter), value);

    /// <summary>The first cell of the current processor's stripe (stripe 0 is left as padding after the array header).</summary>
    private ref long Stripe() => ref _cells[((Thread.GetCurrentProcessorId() & _mask) + 1) * Stride];

    private long Sum(int counter)
    {
        var sum = 0L;
        for (var stripe = 1; stripe <= _mask + 1; stripe++)
        {
            sum += Volatile.Read(ref _cells[stripe * Stride + counter]);
        }
        return sum;
    }
}
