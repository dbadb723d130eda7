using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>The aggregator's clock: one timer, armed for the earlier of the global timeout and the
/// moment every pending check has passed its adaptive deadline.</summary>
internal sealed partial class Aggregator
{
    private const string TimerKey = "deadline";
    private TimeSpan _armedFor = TimeSpan.MinValue;

    /// <summary>Time since the batch started.</summary>
    private TimeSpan Now => Time.GetElapsedTime(_batchStart);

    /// <summary>When <paramref name="slot"/> expires, relative to the batch's start, at the batch's current progress.</summary>
    private TimeSpan DeadlineOf(BatchSlot slot) =>
        Time.GetElapsedTime(_batchStart, slot.StartedAt) + AdaptiveDeadline.Expiry(slot.Initial, slot.Min, _ended, _started);

    /// <summary>When every pending check has expired (pending checks are aborted only then).</summary>
    private TimeSpan AllExpiredAt()
    {
        var latest = TimeSpan.Zero;
        foreach (var slot in _slots)
        {
            if (slot.State == SlotState.Pending)
            {
                var deadline = DeadlineOf(slot);
                latest = deadline > latest ? deadline : latest;
            }
        }
        return latest;
    }

    private void ArmDeadline()
    {
        var global = _engine.Options.GlobalTimeout;
        var allExpired = AllExpiredAt();
        var due = allExpired < global ? allExpired : global;
        if (due <= Now)
        {
            OnDeadline();
            return;
        }
        if (due == _armedFor)
        {
            return;
        }
        _armedFor = due;
        Timers.StartSingleTimer(TimerKey, DeadlineTick.Instance, due - Now);
    }

    private void OnDeadline()
    {
        _armedFor = TimeSpan.MinValue;
        var now = Now;
        if (now >= _engine.Options.GlobalTimeout)
        {
            Finish(BatchEnd.GlobalTimeout);
            return;
        }
        if (now < AllExpiredAt())
        {
            ArmDeadline();
            return;
        }
        // Every pending check is past its deadline: they all time out together.
        var deadlines = _slots.Where(s => s.State == SlotState.Pending).Select(s => (Slot: s, Deadline: DeadlineOf(s))).ToList();
        foreach (var (slot, deadline) in deadlines)
        {
            TimeOut(slot, $"timed out after {Time.GetElapsedTime(slot.StartedAt).TotalMilliseconds:0} ms (deadline {deadline.TotalMilliseconds:0} ms into the batch)");
        }
        Progress();
    }

    /// <summary>Ends a pending check as timed out and withdraws from its lookup.</summary>
    private void TimeOut(BatchSlot slot, string error)
    {
        slot.Lookup?.Leave(Self, slot.Index);
        _waitedFor.Add(slot.Spec.Name);
        End(slot, Ended(slot, CheckStatus.TimedOut, Time.GetElapsedTime(slot.StartedAt), null, error, slot.Merged));
    }
}
