using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>Where one check of a batch stands.</summary>
internal enum SlotState
{
    Queued,
    Pending,
    Done,
}

/// <summary>One check of a batch, as its aggregator tracks it.</summary>
internal sealed class BatchSlot(int index, CheckSpec spec, RegisteredKind? kind, double weight, TimeSpan initial, TimeSpan min)
{
    /// <summary>The check's place in the batch (the tag of its request).</summary>
    public int Index { get; } = index;

    public CheckSpec Spec { get; } = spec;

    /// <summary>Null when the kind is not registered.</summary>
    public RegisteredKind? Kind { get; } = kind;

    /// <summary>Weight after the options' overrides.</summary>
    public double Weight { get; } = weight;

    /// <summary>timeout-initial.</summary>
    public TimeSpan Initial { get; } = initial;

    /// <summary>timeout-min.</summary>
    public TimeSpan Min { get; } = min;

    public SlotState State { get; set; }

    /// <summary>When it was dispatched, from the batch's start.</summary>
    public TimeSpan StartedAt { get; set; }

    /// <summary>The shared lookup it waits on; null when its lookup is its own.</summary>
    public SharedLookup? Lookup { get; set; }

    public bool Merged { get; set; }

    public CheckResult? Result { get; set; }

    /// <summary>How it ended, and when (from the batch's start), when it ran inline and ended before the
    /// batch's aggregator started (the aggregator records it).</summary>
    public (CheckOutcome Outcome, TimeSpan Duration)? EndedInline { get; set; }

    /// <summary>True when an answer of this check could still raise the verdict to TEMPFAIL.</summary>
    public bool MayForceTempfail => Spec.OnError == ErrorPolicy.FailClosed || Kind?.Kind.MayRaiseVerdict == true;

    /// <summary>When every pending check of <paramref name="slots"/> has expired, from the batch's start.</summary>
    public static TimeSpan AllExpiredAt(BatchSlot[] slots, int ended, int started)
    {
        var latest = TimeSpan.Zero;
        foreach (var slot in slots)
        {
            if (slot.State == SlotState.Pending && slot.EndedInline is null)
            {
                var deadline = slot.DeadlineAt(ended, started);
                latest = deadline > latest ? deadline : latest;
            }
        }
        return latest;
    }

    /// <summary>When it expires, from the batch's start, with <paramref name="ended"/> of <paramref name="started"/> checks ended.</summary>
    public TimeSpan DeadlineAt(int ended, int started) => StartedAt + AdaptiveDeadline.Expiry(Initial, Min, ended, started);
}
