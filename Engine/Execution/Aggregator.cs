using Sift.Actors.Checks;
using Sift.Actors.Kernel;
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
    private readonly InlineStart? _inline;
    private CancellationTokenRegistration _cancellationRegistration;

    /// <summary>The token of this batch's own (unshared) lookups in flight; cancelled when they are abandoned.</summary>
    private CancellationTokenSource? _round;
    private long _batchStart;
    private int _nextQueued;
    private int _started;
    private int _ended;
    private int _running;
    private double _score;
    private Verdict _floor;

    public Aggregator(BatchSlot[] slots, EngineContext engine, TaskCompletionSource<BatchResult> answer, CancellationToken cancellation,
        InlineStart? inline = null)
    {
        _slots = slots;
        _engine = engine;
        _answer = answer;
        _cancellation = cancellation;
        _inline = inline;
        _round = inline?.Round;
        ReceiveAny(message =>
        {
            switch (message)
            {
                case CheckReply reply:
                    OnOutcome(reply.Tag, reply, 1);
                    break;
                case LookupCompleted completed:
                    OnOutcome(completed.Index, completed.Outcome, completed.Waiters);
                    break;
                case Overloaded { Message: CheckRequest request } overloaded:
                    OnOutcome(request.Tag, overloaded, 1);
                    break;

                case DeadlineTick:
                    OnDeadline(Now);
                    break;
                case CancelBatch:
                    Finish(BatchEnd.Cancelled, Now);
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        });
    }

    private TimeProvider Time => _engine.Time;

    protected override void PreStart()
    {
        _batchStart = _inline?.Start ?? Time.GetTimestamp();
        if (_inline?.Timer is { } armed)
        {
            _timer = armed;
            _armedFor = _inline.ArmedFor;
        }
        if (_cancellation.CanBeCanceled)
        {
            _cancellationRegistration = _cancellation.Register(static s => ((IActorRef)s!).Tell(CancelBatch.Instance, ActorRefs.NoSender), Self);
        }
        var now = _inline is null ? TimeSpan.Zero : Now;
        if (_inline is { } inline)
        {
            TakeOver(inline);
        }
        Progress(now);
        if (_inline?.Counted != true)
        {
            _engine.Metrics.OnBatchStarted();
        }
    }

    /// <summary>The checks that ran inline before the batch was handed over: those still pending
    /// answer here like any other; those that ended are recorded now, with the duration they ended at.</summary>
    private void TakeOver(InlineStart inline)
    {
        foreach (var slot in _slots)
        {
            if (slot.State == SlotState.Pending)
            {
                _started++;
                _running++;
            }
        }
        foreach (var slot in _slots)
        {
            if (slot.EndedInline is { } ended)
            {
                slot.EndedInline = null;
                End(slot, ended.Outcome, ended.Duration, false);
                if (!inline.Counted)
                {
                    _engine.Metrics.OnAnswerProcessed();
                }
            }
        }
    }

    /// <summary>A failure of the aggregator itself is a bug: the batch is answered with it, never left hanging.</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
        Abandon();
        _answer.TrySetException(new InvalidOperationException("the batch's aggregator failed: " + reason.Message, reason));
    }

    protected override void PostRestart(Exception reason) => Context.Stop(Self);

    protected override void PostStop()
    {
        _timer?.Dispose();
        _cancellationRegistration.Dispose();
        if (!_finished)
        {
            Abandon();
            _answer.TrySetException(new InvalidOperationException("the batch's aggregator stopped before answering"));
        }
    }

    private void OnOutcome(int index, object outcome, int waiters)
    {
        var slot = (uint)index < (uint)_slots.Length ? _slots[index] : null;
        if (slot?.State != SlotState.Pending)
        {
            _engine.Metrics.OnLateAnswer();
            EngineLog.LateAnswer(_engine.Log, slot?.Spec.Name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture), slot?.Spec.Kind ?? "?");
            return;
        }
        var now = Now;
        var merged = slot.Merged || waiters > 1;
        slot.Lookup = null;
        End(slot, CheckOutcome.Of(outcome, slot.Kind!.Kind, slot.Spec), now - slot.StartedAt, merged);
        Progress(now);
        _engine.Metrics.OnAnswerProcessed();
    }

    /// <summary>Starts queued checks while there is room, then answers if done or certain, else re-arms the deadline.</summary>
    private void Progress(TimeSpan now)
    {
        while (_running < _engine.Options.MaxConcurrency && SkipStarted() < _slots.Length)
        {
            Dispatch(_slots[_nextQueued++], now);
        }
        SkipStarted();
        if (_running == 0 && _nextQueued == _slots.Length)
        {
            Finish(BatchEnd.Complete, now);
            return;
        }
        if (_engine.Options.EarlyExit && VerdictIsCertain())
        {
            Finish(BatchEnd.Early, now);
            return;
        }
        ArmDeadline(now);
    }

    /// <summary>Moves the queue's cursor past checks already started (inline, before the hand-over); returns it.</summary>
    private int SkipStarted()
    {
        while (_nextQueued < _slots.Length && _slots[_nextQueued].State != SlotState.Queued)
        {
            _nextQueued++;
        }
        return _nextQueued;
    }

    private void Dispatch(BatchSlot slot, TimeSpan now)
    {
        slot.StartedAt = now;
        if (slot.Kind is not { } kind)
        {
            End(slot, CheckStatus.Error, TimeSpan.Zero, null, $"unknown check kind '{slot.Spec.Kind}'", false);
            return;
        }
        object? key;
        try
        {
            key = kind.Kind.MergeKey(slot.Spec.Parameters);
        }
        catch (Exception e)
        {
            End(slot, CheckStatus.Error, TimeSpan.Zero, null, $"bad parameters: {e.Message}", false);
            return;
        }
        slot.State = SlotState.Pending;
        _started++;
        _running++;
        if (kind.Executor is { } executor)
        {
            // An inline kind started late (the batch was past max-concurrency): run here, answered as a message like the rest.
            _engine.Metrics.OnDispatched(merged: false);
            DispatchInline(slot, kind, executor);
            return;
        }
        if (key is null)
        {
            // A lookup of its own: the answer comes straight back, tagged with the check's index.
            _engine.Metrics.OnDispatched(merged: false);
            var token = (_round ??= new CancellationTokenSource()).Token;
            kind.Pool.Tell(new CheckRequest(kind.Kind.Name, slot.Spec.Parameters, Self, slot.Index, token), Self);
            return;
        }
        var lookup = _engine.Lookups.Join(kind.Kind.Name, key, Self, slot.Index, out var isNew);
        slot.Lookup = lookup;
        slot.Merged = !isNew;
        _engine.Metrics.OnDispatched(merged: !isNew);
        if (isNew)
        {
            kind.Pool.Tell(new CheckRequest(kind.Kind.Name, slot.Spec.Parameters, lookup, 0, lookup.Token), lookup);
        }
    }

    private void DispatchInline(BatchSlot slot, RegisteredKind kind, CheckExecutor executor)
    {
        if (!kind.TryEnter())
        {
            End(slot, CheckOutcome.Refused(OverloadReason.PoolInFlightLimit, kind.Limit), TimeSpan.Zero, false);
            _engine.Metrics.OnAnswerProcessed();
            return;
        }
        ValueTask<object?> work;
        try
        {
            work = executor(slot.Spec.Parameters, (_round ??= new CancellationTokenSource()).Token);
        }
        catch (Exception e)
        {
            work = ValueTask.FromException<object?>(e);
        }
        CheckCompletion.TellWhenDone(work, Self, slot.Index, kind);
    }

    private void End(BatchSlot slot, CheckOutcome outcome, TimeSpan duration, bool merged) =>
        End(slot, outcome.Status, duration, outcome.Interpretation, outcome.Error, merged);

    /// <summary>Records a check's end and its contribution to the running score.</summary>
    private void End(BatchSlot slot, CheckStatus status, TimeSpan duration, Interpretation? interpretation, string? error, bool merged)
    {
        if (slot.State == SlotState.Pending)
        {
            _running--;
            _ended++;
        }
        slot.State = SlotState.Done;
        var spec = slot.Spec;
        var (added, floor, _) = Scoring.Assess(spec.Name, status, interpretation, slot.Weight, spec.OnError, error);
        slot.Result = new CheckResult(spec.Name, spec.Kind, status, duration, interpretation, error, added, merged);
        _score += added;
        _floor = floor > _floor ? floor : _floor;
    }

    /// <summary>True when the unfinished checks can no longer change a REJECT or TEMPFAIL verdict.</summary>
    private bool VerdictIsCertain()
    {
        var bounds = new VerdictBounds(_score, _floor);
        foreach (var slot in _slots)
        {
            if (slot.State != SlotState.Done)
            {
                bounds.AddUnfinished(slot.Weight, slot.MayForceTempfail);
            }
        }
        return bounds.IsCertain(_engine.Thresholds);
    }

    /// <summary>Withdraws from every lookup still pending: shared ones are cancelled when nobody else waits,
    /// this batch's own ones at once.</summary>
    private void Abandon()
    {
        foreach (var slot in _slots)
        {
            slot.Lookup?.Leave(Self, slot.Index);
            slot.Lookup = null;
        }
        if (_round is { } round)
        {
            _round = null;
            _ = round.CancelAsync();
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
