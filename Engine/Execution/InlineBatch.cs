using System.Runtime.CompilerServices;
using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>
/// A batch whose checks all ran inline and some are still pending, answered without an actor:
/// it is the reply address of its pending checks (<see cref="CheckCompletion.TellWhenDone"/>
/// tells it each one's <see cref="CheckReply"/> from the thread that completes it), records each
/// answer under its lock, and the last one answers the batch; early exit and the caller's cancellation work as in
/// the aggregator. Time is left to the aggregator: the batch waits in the engine's
/// <see cref="DeadlineSweep"/> until the earliest moment the global timeout or an adaptive deadline
/// could act on it (min(global timeout, the pending checks' smallest timeout-min) after its start:
/// a check's deadline is never before its timeout-min), and if it is still pending then, an
/// aggregator takes it over with what has ended and what is pending. Checks that answer well within
/// their timeout-min — the common case — never meet an actor or a timer of their own.
/// </summary>
internal sealed class InlineBatch : IActorRef
{
    private readonly FilterEngine _engine;
    private readonly EngineContext _context;
    private readonly IReadOnlyList<CheckSpec> _specs;
    private readonly RegisteredKind?[] _kinds;
    private readonly ValueTask<object?>?[] _works;
    private readonly CheckResult?[] _results;
    private readonly long _start;
    private readonly CancellationTokenSource? _round;
    private readonly CancellationToken _cancellation;
    /// <summary>Completed by <see cref="Deliver"/>: the caller's continuation runs on the thread that answers when that is
    /// a thread-pool thread (as <see cref="Task.WhenAll(Task[])"/> would run it), never on another kind of thread.</summary>
    private readonly TaskCompletionSource<BatchResult> _answer = new();
    private CancellationTokenRegistration _registration;
    private IActorRef? _aggregator;
    private double _score;
    private Verdict _floor;
    private int _running;
    private bool _finished;

    /// <param name="engine">The engine (plans the aggregator's slots on a hand-over).</param>
    /// <param name="context">What the engine's batches share.</param>
    /// <param name="specs">The batch.</param>
    /// <param name="kinds">Each check's kind.</param>
    /// <param name="works">The pending checks' work (null for those that ended).</param>
    /// <param name="ended">How the others ended.</param>
    /// <param name="start">The batch's start, a timestamp of the engine's clock.</param>
    /// <param name="dispatched">When the inline dispatch ended (the duration of the checks that ended during it).</param>
    /// <param name="round">The token the inline checks were given.</param>
    /// <param name="cancellation">The caller's token.</param>
    public InlineBatch(FilterEngine engine, EngineContext context, IReadOnlyList<CheckSpec> specs, RegisteredKind?[] kinds,
        ValueTask<object?>?[] works, CheckOutcome?[] ended, long start, TimeSpan dispatched, CancellationTokenSource? round,
        CancellationToken cancellation)
    {
        _engine = engine;
        _context = context;
        _specs = specs;
        _kinds = kinds;
        _works = works;
        _start = start;
        _round = round;
        _cancellation = cancellation;
        _results = new CheckResult?[specs.Count];
        for (var i = 0; i < _results.Length; i++)
        {
            if (ended[i] is { } outcome)
            {
                Record(i, outcome, dispatched);
            }
            else
            {
                _running++;
            }
        }
    }

    /// <summary>The answer.</summary>
    public Task<BatchResult> Task => _answer.Task;

    /// <inheritdoc />
    public string Path => "sift://inline-batch";

    internal InlineBatch? SweepPrevious { get; set; }

    internal InlineBatch? SweepNext { get; set; }

    internal long SweepDue { get; set; }

    internal bool InSweep { get; set; }

    private TimeSpan Now => _context.Time.GetElapsedTime(_start);

    /// <summary>The result of a check that ended on the inline path, and the floor it puts under the verdict.</summary>
    public static CheckResult ResultOf(CheckSpec spec, CheckOutcome outcome, TimeSpan duration, double weight, out Verdict floor)
    {
        (var added, floor, _) = Scoring.Assess(spec.Name, outcome.Status, outcome.Interpretation, weight, spec.OnError, outcome.Error);
        return outcome.ResultFor(spec, duration, added);
    }

    /// <summary>Starts waiting: answers at once if the verdict is already certain, else joins the sweep
    /// and listens to the caller's token and to every pending check.</summary>
    /// <param name="handOverAfter">When an aggregator must take over if the batch is still pending, from its start.</param>
    public void Start(TimeSpan handOverAfter)
    {
        var metrics = _context.Metrics;
        metrics.OnDispatchedInline(_results.Length);
        metrics.OnAnswerProcessed(_results.Length - _running);
        if (_context.Options.EarlyExit && VerdictIsCertain())
        {
            lock (this)
            {
                _finished = true;
            }
            metrics.OnBatchStarted();
            Leave();
            Answer(BatchEnd.Early, onCallersThread: true);
        }
        else
        {
            var ticks = (long)(handOverAfter.Ticks / (double)TimeSpan.TicksPerSecond * _context.Time.TimestampFrequency);
            _context.Sweep.Add(this, _start + ticks);
            if (_cancellation.CanBeCanceled)
            {
                var registration = _cancellation.UnsafeRegister(static s => ((InlineBatch)s!).OnCancelled(), this);
                lock (this)
                {
                    _registration = registration;
                }
            }
            metrics.OnBatchStarted();
        }

        // Even when the batch has already answered: every pending check gives its place back when it ends.
        for (var i = 0; i < _works.Length; i++)
        {
            if (_works[i] is { } work)
            {
                CheckCompletion.TellWhenDone(work, this, i, _kinds[i]);
            }
        }
    }

    /// <summary>The sweep's call: still pending at the earliest moment a deadline could act, so an aggregator takes over.</summary>
    public void Promote()
    {
        lock (this)
        {
            if (_finished || _aggregator is not null)
            {
                return;
            }
            var slots = _engine.Plan(_specs, _kinds);
            var ended = 0;
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i].State = SlotState.Pending;
                if (_results[i] is { } r)
                {
                    slots[i].EndedInline = (new CheckOutcome(r.Status, r.Interpretation, r.Error), r.Duration);
                    ended++;
                }
            }
            _registration.Unregister();

            // The batch's timer is armed here, on the sweep's timer thread, at the moment the hand-over is due.
            var now = Now;
            var allExpired = BatchSlot.AllExpiredAt(slots, ended, slots.Length);
            var global = _context.Options.GlobalTimeout;
            var due = allExpired < global ? allExpired : global;
            var target = new StrongBox<IActorRef?>();
            var timer = Aggregator.CreateTimer(_context.Time, target);
            var context = _context;
            var answer = new TaskCompletionSource<BatchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var cancellation = _cancellation;
            var start = new InlineStart(_start, _round, Counted: true, timer, due);
            _aggregator = target.Value = _engine.System.ActorOf(Props.Create(() => new Aggregator(slots, context, answer, cancellation, start)));
            timer.Change(due > now ? due - now : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            answer.Task.ContinueWith(static (t, s) => ((InlineBatch)s!).Forward(t), this, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>A pending check's reply (its place is given back by the caller, see <see cref="Start"/>).</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        if (message is not CheckReply reply || (uint)reply.Tag >= (uint)_results.Length)
        {
            return;
        }
        var kind = _kinds[reply.Tag]!.Kind;
        var outcome = reply.Error is { } error ? CheckOutcome.Failed(error) : CheckOutcome.Answered(kind, _specs[reply.Tag], reply.Answer);
        OnOutcome(reply.Tag, outcome, reply);
    }

    private void OnOutcome(int index, CheckOutcome outcome, CheckReply reply)
    {
        var now = Now;
        IActorRef? aggregator;
        BatchEnd? end = null;
        lock (this)
        {
            aggregator = _aggregator;
            if (aggregator is null)
            {
                if (_finished)
                {
                    _context.Metrics.OnLateAnswer();
                    return;
                }
                Record(index, outcome, now);
                _running--;
                _context.Metrics.OnAnswerProcessed();
                if (_running == 0)
                {
                    end = BatchEnd.Complete;
                }
                else if (_context.Options.EarlyExit && VerdictIsCertain())
                {
                    end = BatchEnd.Early;
                }
                _finished = end is not null;
            }
        }
        if (aggregator is not null)
        {
            aggregator.Tell(reply, ActorRefs.NoSender);
        }
        else if (end is { } ended)
        {
            Leave();
            Answer(ended, onCallersThread: false);
        }
    }

    private void OnCancelled()
    {
        if (!TryFinishHere())
        {
            return;
        }
        _context.Metrics.OnBatchEnded(BatchEnd.Cancelled);
        Deliver(null, onCallersThread: false);
    }

    /// <summary>
    /// Ends the batch here (cancelled, or the engine stopping) unless it already ended or an
    /// aggregator took it over; true when it did, its places then given back.
    /// </summary>
    private bool TryFinishHere()
    {
        lock (this)
        {
            if (_finished || _aggregator is not null)
            {
                return false;
            }
            _finished = true;
        }
        Leave();
        return true;
    }

    /// <summary>The engine is being disposed while the batch waits: it fails, as an aggregator stopped before answering does.</summary>
    public void OnEngineStopped()
    {
        if (!TryFinishHere())
        {
            return;
        }
        _answer.TrySetException(new InvalidOperationException("the engine stopped before the batch answered"));
    }

    /// <summary>The aggregator's answer (it completes its own task off its thread) becomes the caller's.</summary>
    private void Forward(Task<BatchResult> answered)
    {
        if (answered.IsCanceled)
        {
            _answer.TrySetCanceled(_cancellation);
        }
        else if (answered.Exception is { } failed)
        {
            _answer.TrySetException(failed.InnerExceptions);
        }
        else
        {
            _answer.TrySetResult(answered.Result);
        }
    }

    /// <summary>Completes the caller's task (cancelled when <paramref name="result"/> is null): at once when no
    /// continuation can be waiting yet or on a thread-pool thread, else from a thread-pool work item.</summary>
    private void Deliver(BatchResult? result, bool onCallersThread)
    {
        if (onCallersThread || Thread.CurrentThread.IsThreadPoolThread)
        {
            Complete(result);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Batch.Complete(s.Result), (Batch: this, Result: result), preferLocal: false);
        }
    }

    private void Complete(BatchResult? result)
    {
        if (result is null)
        {
            _answer.TrySetCanceled(_cancellation);
        }
        else
        {
            _answer.TrySetResult(result);
        }
    }

    /// <summary>Out of the sweep, off the caller's token; pending checks' token cancelled (nobody waits for them).</summary>
    private void Leave()
    {
        _context.Sweep.Remove(this);
        CancellationTokenRegistration registration;
        lock (this)
        {
            registration = _registration;
        }
        registration.Unregister();
        if (_round is not null && _running > 0)
        {
            _ = _round.CancelAsync();
        }
    }

    /// <summary>Answers (the batch is finished: no other thread writes its results any more).</summary>
    private void Answer(BatchEnd end, bool onCallersThread)
    {
        var now = Now;
        var results = new CheckResult[_results.Length];
        var tally = new ScoreTally();
        for (var i = 0; i < results.Length; i++)
        {
            var result = _results[i] ?? ResultOf(_specs[i], new CheckOutcome(CheckStatus.Aborted, null, Aggregator.AbortReason(end)), now, 0, out _);
            tally.Add(results[i] = result, _specs[i].OnError);
        }
        Deliver(BatchAnswer.Create(_context, results, tally, [], end, now), onCallersThread);
    }

    private void Record(int index, CheckOutcome outcome, TimeSpan duration)
    {
        var spec = _specs[index];
        var result = ResultOf(spec, outcome, duration, Scoring.WeightOf(spec.Name, spec.Weight, _context.Options.Weights), out var floor);
        _results[index] = result;
        _score += result.WeightApplied;
        _floor = floor > _floor ? floor : _floor;
    }

    private bool VerdictIsCertain()
    {
        var bounds = new VerdictBounds(_score, _floor);
        for (var i = 0; i < _results.Length; i++)
        {
            if (_results[i] is null)
            {
                var spec = _specs[i];
                var mayForce = spec.OnError == ErrorPolicy.FailClosed || _kinds[i]?.Kind.MayRaiseVerdict == true;
                bounds.AddUnfinished(Scoring.WeightOf(spec.Name, spec.Weight, _context.Options.Weights), mayForce);
            }
        }
        return bounds.IsCertain(_context.Thresholds);
    }
}
