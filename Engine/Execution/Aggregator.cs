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

    public Aggregator(BatchSlot[] slots, EngineContext engine, TaskCompletionSource<BatchResult> answer, CancellationToken cancellation)
    {
        _slots = slots;
        _engine = engine;
        _answer = answer;
        _cancellation = cancellation;
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
        _batchStart = Time.GetTimestamp();
        if (_cancellation.CanBeCanceled)
        {
            _cancellationRegistration = _cancellation.Register(static s => ((IActorRef)s!).Tell(CancelBatch.Instance, ActorRefs.NoSender), Self);
        }
        Progress(TimeSpan.Zero);
        _engine.Metrics.OnBatchStarted();
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
        var duration = now - slot.StartedAt;
        var merged = slot.Merged || waiters > 1;
        slot.Lookup = null;
        switch (outcome)
        {
            case Overloaded o:
                End(slot, CheckStatus.Overloaded, duration, null, $"overloaded: {o.Reason} (limit {o.Limit})", merged);
                break;
            case CheckReply { Error: OperationCanceledException }:
                End(slot, CheckStatus.Aborted, duration, null, "aborted: cancelled", merged);
                break;
            case CheckReply { Error: { } error }:
                End(slot, CheckStatus.Error, duration, null, error.Message, merged);
                break;
            case CheckReply reply:
                Interpret(slot, reply.Answer, duration, merged);
                break;
            default:
                End(slot, CheckStatus.Error, duration, null, $"unexpected reply {outcome.GetType().Name}", merged);
                break;
        }
        Progress(now);
        _engine.Metrics.OnAnswerProcessed();
    }

    private void Interpret(BatchSlot slot, object? answer, TimeSpan duration, bool merged)
    {
        Interpretation interpretation;
        try
        {
            interpretation = slot.Kind!.Kind.Interpreter(answer, slot.Spec);
        }
        catch (Exception e)
        {
            End(slot, CheckStatus.Error, duration, null, $"answer not understood: {e.Message}", merged);
            return;
        }
        if (interpretation is UnusableAnswer unusable)
        {
            End(slot, CheckStatus.Error, duration, unusable, unusable.Reason ?? "unusable answer", merged);
            return;
        }
        End(slot, CheckStatus.Answered, duration, interpretation, null, merged);
    }

    /// <summary>Starts queued checks while there is room, then answers if done or certain, else re-arms the deadline.</summary>
    private void Progress(TimeSpan now)
    {
        while (_running < _engine.Options.MaxConcurrency && _nextQueued < _slots.Length)
        {
            Dispatch(_slots[_nextQueued++], now);
        }
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
