using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>How a batch ended.</summary>
internal enum BatchEnd
{
    /// <summary>Every check ended.</summary>
    Complete,

    /// <summary>The verdict became certain first.</summary>
    Early,

    /// <summary>The global timeout passed.</summary>
    GlobalTimeout,

    /// <summary>The caller's token was cancelled.</summary>
    Cancelled,
}

/// <summary>The aggregator's answer: exactly once, then it stops.</summary>
internal sealed partial class Aggregator
{
    private readonly List<string> _waitedFor = [];
    private bool _finished;

    private void Finish(BatchEnd end, TimeSpan now)
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _timer?.Dispose();
        _cancellationRegistration.Dispose();
        if (_running > 0 || _nextQueued < _slots.Length)
        {
            CutShort(end, now);
        }
        if (end == BatchEnd.Cancelled)
        {
            _engine.Metrics.OnBatchEnded(end);
            _answer.TrySetCanceled(_cancellation);
            Context.Stop(Self);
            return;
        }
        var results = new CheckResult[_slots.Length];
        var tally = new ScoreTally();
        for (var i = 0; i < _slots.Length; i++)
        {
            tally.Add(results[i] = _slots[i].Result!, _slots[i].Spec.OnError);
        }
        var batch = BatchAnswer.Create(_engine, results, tally, _waitedFor, end, now);
        _answer.TrySetResult(batch);
        Context.Stop(Self);
    }

    /// <summary>Ends every check still pending or queued: at the global timeout, those past their own
    /// deadline time out and the others are aborted; on early exit or cancellation all are aborted.</summary>
    private void CutShort(BatchEnd end, TimeSpan now)
    {
        var ended = _ended;
        var started = _started;
        var global = end == BatchEnd.GlobalTimeout;
        foreach (var slot in _slots)
        {
            switch (slot.State)
            {
                case SlotState.Pending when global && now >= slot.DeadlineAt(ended, started):
                    TimeOut(slot, now, "global timeout");
                    break;
                case SlotState.Pending:
                    if (global)
                    {
                        _waitedFor.Add(slot.Spec.Name);
                    }
                    End(slot, CheckStatus.Aborted, now - slot.StartedAt, null, AbortReason(end), slot.Merged);
                    break;
                case SlotState.Queued:
                    if (global)
                    {
                        _waitedFor.Add(slot.Spec.Name);
                    }
                    End(slot, CheckStatus.Aborted, TimeSpan.Zero, null, "not started: " + AbortReason(end), false);
                    break;
            }
        }
        Abandon();
    }

    internal static string AbortReason(BatchEnd end) => end switch
    {
        BatchEnd.Early => "aborted: verdict already certain",
        BatchEnd.GlobalTimeout => "aborted: global timeout",
        BatchEnd.Cancelled => "aborted: batch cancelled",
        _ => "aborted",
    };
}
