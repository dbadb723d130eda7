using System.Runtime.CompilerServices;
using Sift.Actors.Kernel;
using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>The aggregator's clock: one timer, re-armed (never re-created) for the earlier of the
/// global timeout and the moment every pending check has passed its adaptive deadline.</summary>
internal sealed partial class Aggregator
{
    private ITimer? _timer;
    private TimeSpan _armedFor = TimeSpan.MaxValue;

    /// <summary>Time since the batch started.</summary>
    private TimeSpan Now => Time.GetElapsedTime(_batchStart);

    /// <summary>When every pending check has expired (pending checks are aborted only then).</summary>
    private TimeSpan AllExpiredAt() => BatchSlot.AllExpiredAt(_slots, _ended, _started);

    private void ArmDeadline(TimeSpan now)
    {
        var global = _engine.Options.GlobalTimeout;
        var allExpired = AllExpiredAt();
        var due = allExpired < global ? allExpired : global;
        if (due <= now)
        {
            OnDeadline(now);
            return;
        }
        if (due == _armedFor)
        {
            return;
        }
        _armedFor = due;
        _timer ??= CreateTimer(Time, Self);
        _timer.Change(due - now, Timeout.InfiniteTimeSpan);
    }

    /// <summary>An aggregator's timer: it tells <paramref name="target"/> a <see cref="DeadlineTick"/> (an actor, or a
    /// box that will hold one — the inline path arms a timer before its aggregator exists); created disarmed.</summary>
    internal static ITimer CreateTimer(TimeProvider time, object target) =>
        time.CreateTimer(
            static s => (s as IActorRef ?? ((StrongBox<IActorRef?>)s!).Value)?.Tell(DeadlineTick.Instance, ActorRefs.NoSender),
            target, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>The timer fired (or a deadline is already behind): time out or re-arm. A stale tick only re-arms.</summary>
    private void OnDeadline(TimeSpan now)
    {
        if (_finished)
        {
            return;
        }
        _armedFor = TimeSpan.MaxValue;
        if (now >= _engine.Options.GlobalTimeout)
        {
            Finish(BatchEnd.GlobalTimeout, now);
            return;
        }
        if (now < AllExpiredAt())
        {
            ArmDeadline(now);
            return;
        }

        // Every pending check is past its deadline: they all time out together, then queued checks may start.
        var ended = _ended;
        var started = _started;
        foreach (var slot in _slots)
        {
            if (slot.State == SlotState.Pending)
            {
                TimeOut(slot, now, $"deadline {slot.DeadlineAt(ended, started).TotalMilliseconds:0} ms into the batch");
            }
        }
        Abandon();
        Progress(now);
    }

    /// <summary>Ends a pending check as timed out (its lookup is abandoned by the caller).</summary>
    private void TimeOut(BatchSlot slot, TimeSpan now, string why)
    {
        var duration = now - slot.StartedAt;
        _waitedFor.Add(slot.Spec.Name);
        End(slot, CheckStatus.TimedOut, duration, null, $"timed out after {duration.TotalMilliseconds:0} ms ({why})", slot.Merged);
    }
}
