using Microsoft.Extensions.Logging;
using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>
/// One per batch. Starts the batch's timer, dispatches up to max-concurrency checks to their
/// kinds' pools (merging identical lookups through the <see cref="LookupTable"/>), collects
/// answers, errors and timings, expires pending checks on the adaptive deadline (only when all
/// of them have expired), cuts everything at the global timeout, answers early when the verdict
/// can no longer change, and completes the batch's task exactly once. Split by concern:
/// <c>Aggregator.Time.cs</c> (deadlines), <c>Aggregator.Finish.cs</c> (the answer).
/// </summary>
internal sealed partial class Aggregator : ActorBase
{
    private readonly BatchSlot[] _slots;
    private readonly EngineContext _engine;
    private readonly TaskCompletionSource<BatchResult> _answer;
    private readonly CancellationToken _cancellation;
    private CancellationTokenRegistration _cancellationRegistration;
    private long _batchStart;
    private int _nextQueued;
    private int _started;
    private int _ended;
    private int _running;
    private double _score;
    private Verdict _floor;

    public Aggregator(BatchSlot[] slots, EngineContext engine, TaskCompletionSource<BatchResult> answer, CancellationToken cancellation)
    {
        _slots = slots;
        _engine = engine;
        _answer = answer;
        _cancellation = cancellation;
        Receive<LookupCompleted>(OnCompleted);
        Receive<DeadlineTick>(_ => OnDeadline());
        Receive<CancelBatch>(_ => Finish(BatchEnd.Cancelled));
    }

    private TimeProvider Time => _engine.Time;

    protected override void PreStart()
    {
        _batchStart = Time.GetTimestamp();
        if (_cancellation.CanBeCanceled)
        {
            var self = Self;
            _cancellationRegistration = _cancellation.Register(static s => ((IActorRef)s!).Tell(CancelBatch.Instance, ActorRefs.NoSender), self);
        }
        Progress();
        _engine.Metrics.OnBatchStarted();
    }

    /// <summary>A failure of the aggregator itself is a bug: the batch is answered with it, never left hanging.</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
        LeaveAll();
        _answer.TrySetException(new InvalidOperationException("the batch's aggregator failed: " + reason.Message, reason));
    }

    protected override void PostRestart(Exception reason) => Context.Stop(Self);

    protected override void PostStop()
    {
        _cancellationRegistration.Dispose();
        LeaveAll();
        _answer.TrySetException(new InvalidOperationException("the batch's aggregator stopped before answering"));
    }

    private void OnCompleted(LookupCompleted completed)
    {
        var slot = _slots[completed.Index];
        if (slot.State != SlotState.Pending)
        {
            _engine.Metrics.OnLateAnswer();
            EngineLog.LateAnswer(_engine.Log, slot.Spec.Name, slot.Spec.Kind);
            return;
        }
        var duration = Time.GetElapsedTime(slot.StartedAt);
        var merged = slot.Merged || completed.Waiters > 1;
        var result = completed.Outcome switch
        {
            Overloaded o => Ended(slot, CheckStatus.Overloaded, duration, null, $"overloaded: {o.Reason} (limit {o.Limit})", merged),
            CheckReply { Error: OperationCanceledException } => Ended(slot, CheckStatus.Aborted, duration, null, "aborted: cancelled", merged),
            CheckReply { Error: { } error } => Ended(slot, CheckStatus.Error, duration, null, error.Message, merged),
            CheckReply reply => Interpret(slot, reply.Answer, duration, merged),
            var other => Ended(slot, CheckStatus.Error, duration, null, $"unexpected reply {other.GetType().Name}", merged),
        };
        End(slot, result);
        Progress();
        _engine.Metrics.OnAnswerProcessed();
    }

    private CheckResult Interpret(BatchSlot slot, object? answer, TimeSpan duration, bool merged)
    {
        Interpretation interpretation;
        try
        {
            interpretation = slot.Kind!.Kind.Interpreter(answer, slot.Spec);
        }
        catch (Exception e)
        {
            return Ended(slot, CheckStatus.Error, duration, null, $"answer not understood: {e.Message}", merged);
        }
        return interpretation is UnusableAnswer unusable
            ? Ended(slot, CheckStatus.Error, duration, unusable, unusable.Reason ?? "unusable answer", merged)
            : Ended(slot, CheckStatus.Answered, duration, interpretation, null, merged);
    }

    /// <summary>Starts queued checks while there is room, then answers if done or certain, else re-arms the deadline.</summary>
    private void Progress()
    {
        while (_running < _engine.Options.MaxConcurrency && _nextQueued < _slots.Length)
        {
            Dispatch(_slots[_nextQueued++]);
        }
        if (_running == 0 && _nextQueued == _slots.Length)
        {
            Finish(BatchEnd.Complete);
            return;
        }
        if (_engine.Options.EarlyExit && VerdictIsCertain())
        {
            Finish(BatchEnd.Early);
            return;
        }
        ArmDeadline();
    }

    private void Dispatch(BatchSlot slot)
    {
        slot.StartedAt = Time.GetTimestamp();
        if (slot.Kind is not { } kind)
        {
            End(slot, Ended(slot, CheckStatus.Error, TimeSpan.Zero, null, $"unknown check kind '{slot.Spec.Kind}'", false));
            return;
        }
        object? key;
        try
        {
            key = kind.Kind.MergeKey(slot.Spec.Parameters);
        }
        catch (Exception e)
        {
            End(slot, Ended(slot, CheckStatus.Error, TimeSpan.Zero, null, $"bad parameters: {e.Message}", false));
            return;
        }
        var lookup = _engine.Lookups.Join(kind.Kind.Name, key, Self, slot.Index, out var isNew);
        slot.Lookup = lookup;
        slot.Merged = !isNew;
        slot.State = SlotState.Pending;
        _started++;
        _running++;
        _engine.Metrics.OnDispatched(merged: !isNew);
        if (isNew)
        {
            kind.Pool.Tell(new CheckRequest(kind.Kind.Name, slot.Spec.Parameters, lookup, lookup.Token), lookup);
        }
    }

    /// <summary>Records a check's end and its contribution to the running score.</summary>
    private void End(BatchSlot slot, CheckResult result)
    {
        if (slot.State == SlotState.Pending)
        {
            _running--;
            _ended++;
        }
        slot.State = SlotState.Done;
        slot.Lookup = null;
        var (added, floor, _) = Scoring.Assess(ToScored(slot, result), slot.Weight);
        slot.Result = result with { WeightApplied = added };
        _score += added;
        _floor = floor > _floor ? floor : _floor;
    }

    private static CheckResult Ended(BatchSlot slot, CheckStatus status, TimeSpan duration, Interpretation? interpretation, string? error, bool merged) =>
        new(slot.Spec.Name, slot.Spec.Kind, status, duration, interpretation, error, 0.0, merged);

    private static ScoredCheck ToScored(BatchSlot slot, CheckResult result) =>
        new(slot.Spec.Name, result.Status, result.Interpretation, slot.Weight, slot.Spec.OnError, result.Error);

    /// <summary>
    /// True when every outcome of the unfinished checks leads to the same verdict, and that verdict
    /// is REJECT or TEMPFAIL (a PASS waits for every check: their reasons and headers matter).
    /// </summary>
    private bool VerdictIsCertain()
    {
        var low = _score;
        var high = _score;
        var mayForce = false;
        foreach (var slot in _slots)
        {
            if (slot.State == SlotState.Done)
            {
                continue;
            }
            if (slot.Weight < 0)
            {
                low += slot.Weight;
            }
            else
            {
                high += slot.Weight;
            }
            mayForce |= slot.MayForceTempfail;
        }
        var thresholds = _engine.Thresholds;
        var lower = Max(thresholds.Band(low), _floor);
        var upper = mayForce ? Verdict.Tempfail : Max(thresholds.Band(high), _floor);
        return lower == upper && lower != Verdict.Pass;
    }

    private static Verdict Max(Verdict a, Verdict b) => a > b ? a : b;

    /// <summary>Withdraws from every lookup still pending (their tokens are cancelled when nobody else waits).</summary>
    private void LeaveAll()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i].Lookup?.Leave(Self, i);
            _slots[i].Lookup = null;
        }
    }
}

/// <summary>The batch's cancellation token fired.</summary>
internal sealed class CancelBatch
{
    public static readonly CancelBatch Instance = new();
}

/// <summary>The batch's timer: a deadline or the global timeout may have passed.</summary>
internal sealed class DeadlineTick
{
    public static readonly DeadlineTick Instance = new();
}
