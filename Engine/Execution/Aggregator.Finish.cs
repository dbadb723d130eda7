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

    private void Finish(BatchEnd end)
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        Timers.CancelAll();
        _cancellationRegistration.Dispose();
        var now = Now;
        var expired = end == BatchEnd.GlobalTimeout ? _slots.Select(s => s.State == SlotState.Pending && now >= DeadlineOf(s)).ToArray() : null;
        foreach (var slot in _slots)
        {
            switch (slot.State)
            {
                case SlotState.Pending when expired is not null && expired[slot.Index]:
                    TimeOut(slot, $"timed out after {Time.GetElapsedTime(slot.StartedAt).TotalMilliseconds:0} ms (global timeout)");
                    break;
                case SlotState.Pending:
                    slot.Lookup?.Leave(Self, slot.Index);
                    if (end == BatchEnd.GlobalTimeout)
                    {
                        _waitedFor.Add(slot.Spec.Name);
                    }
                    End(slot, Ended(slot, CheckStatus.Aborted, Time.GetElapsedTime(slot.StartedAt), null, AbortReason(end), slot.Merged));
                    break;
                case SlotState.Queued:
                    if (end == BatchEnd.GlobalTimeout)
                    {
                        _waitedFor.Add(slot.Spec.Name);
                    }
                    End(slot, Ended(slot, CheckStatus.Aborted, TimeSpan.Zero, null, "not started: " + AbortReason(end), false));
                    break;
            }
        }
        _engine.Metrics.OnBatchEnded(end);
        if (end == BatchEnd.Cancelled)
        {
            _answer.TrySetCanceled(_cancellation);
            Context.Stop(Self);
            return;
        }
        var results = new CheckResult[_slots.Length];
        var scored = new ScoredCheck[_slots.Length];
        for (var i = 0; i < _slots.Length; i++)
        {
            results[i] = _slots[i].Result!;
            scored[i] = ToScored(_slots[i], results[i]);
        }
        var thresholds = _engine.Thresholds;
        var score = Scoring.ScoreResults(scored, null, thresholds);
        var batch = new BatchResult(results, score, _engine.Options.ActionFor(score.Verdict), Scoring.Headers(score, thresholds),
            _waitedFor, end == BatchEnd.GlobalTimeout, end == BatchEnd.Early, now);
        EngineLog.BatchAnswered(_engine.Log, batch.Verdict, batch.Score, _slots.Length, now.TotalMilliseconds, end);
        _answer.TrySetResult(batch);
        Context.Stop(Self);
    }

    private static string AbortReason(BatchEnd end) => end switch
    {
        BatchEnd.Early => "aborted: verdict already certain",
        BatchEnd.GlobalTimeout => "aborted: global timeout",
        BatchEnd.Cancelled => "aborted: batch cancelled",
        _ => "aborted",
    };
}
