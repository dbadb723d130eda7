using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;
using Sift.Engine.Execution;
using Sift.Engine.Results;

namespace Sift.Engine;

/// <summary>
/// How a batch starts. Checks of inline kinds (<see cref="CheckKind.RunInline"/>) run first, on
/// the caller's thread, up to max-concurrency of them pending at once. When every check of the
/// batch ended that way, the batch is answered right here: no aggregator, no message, two clock
/// reads. Otherwise the batch is handed to an aggregator, which records what ended, receives what
/// is still pending, dispatches the rest and owns time (global timeout, adaptive deadlines, early
/// exit) exactly as for a batch that ran nothing inline.
/// </summary>
public sealed partial class FilterEngine
{
    private Task<BatchResult> RunInline(IReadOnlyList<CheckSpec> specs, Dictionary<string, RegisteredKind> kinds, CancellationToken cancellationToken)
    {
        var count = specs.Count;
        var max = Options.MaxConcurrency;
        var time = _context.Time;
        var start = 0L;
        CheckOutcome?[]? ended = null;
        ValueTask<object?>?[]? pending = null;
        RegisteredKind?[]? pendingKinds = null;
        CancellationTokenSource? round = null;
        var ran = 0;
        var running = 0;
        var queued = false;
        string? kindName = null;
        RegisteredKind? kind = null;

        // Places of the current kind taken ahead for its next checks, and places of its checks that
        // ended synchronously: both given back together when the kind changes (one atomic operation
        // per kind and batch instead of two per check); an ended check's place serves the next one.
        var reserved = 0;
        var released = 0;
        for (var i = 0; i < count; i++)
        {
            var spec = specs[i];
            if (!ReferenceEquals(spec.Kind, kindName))
            {
                kind?.Exit(reserved + released);
                reserved = released = 0;
                kindName = spec.Kind;
                kinds.TryGetValue(kindName, out kind);
            }
            if (kind?.Executor is not { } executor || running >= max)
            {
                // A pooled kind whose answer is already at hand (a DNS check answered from the cache) ends here.
                if (kind is { Executor: null, Kind.CachedAnswer: { } probe })
                {
                    Begin();
                    if (Probe(probe, kind.Kind, spec) is { } cached)
                    {
                        ran++;
                        ended![i] = cached;
                        continue;
                    }
                }
                queued = true;
                continue;
            }
            Begin();
            ran++;
            if (reserved == 0 && released > 0)
            {
                released--;
                reserved = 1;
            }
            if (reserved == 0 && (reserved = kind.TryEnter(SameKindFrom(specs, i))) == 0)
            {
                ended![i] = CheckOutcome.Refused(OverloadReason.PoolInFlightLimit, kind.Limit);
                continue;
            }
            reserved--;
            ValueTask<object?> work;
            try
            {
                work = executor(spec.Parameters, (round ??= RentRound()).Token);
            }
            catch (Exception e)
            {
                released++;
                ended![i] = CheckOutcome.Failed(e);
                continue;
            }
            if (!work.IsCompleted)
            {
                // The work keeps its place until it ends (see CheckCompletion.TellWhenDone).
                (pending ??= new ValueTask<object?>?[count])[i] = work;
                (pendingKinds ??= new RegisteredKind?[count])[i] = kind;
                running++;
                continue;
            }
            released++;
            var reply = CheckCompletion.ReplyOf(i, work);
            ended![i] = reply.Error is { } error ? CheckOutcome.Failed(error) : CheckOutcome.Answered(kind.Kind, spec, reply.Answer);
        }
        kind?.Exit(reserved + released);
        var dispatched = ran == 0 ? TimeSpan.Zero : time.GetElapsedTime(start);
        if (queued)
        {
            return HandOver(specs, kinds, ran == 0 ? null : new InlineStart(start, round, Counted: false), ended, dispatched, pending, cancellationToken);
        }
        if (running == 0)
        {
            var answer = AnswerInline(specs, ended, dispatched);
            ReturnOutcomes(ended);
            ReturnRound(round);
            return Task.FromResult(answer);
        }
        var batch = new InlineBatch(this, _context, specs, pendingKinds!, pending!, ended!, start, dispatched, round, cancellationToken);
        ReturnOutcomes(ended);
        batch.Start(HandOverAfter(specs, pendingKinds!));
        return batch.Task;

        // The batch's start and its outcomes, before the first check that may end here runs (a probe that
        // finds nothing leaves them to the next; the aggregator takes the start only if a check ended).
        void Begin()
        {
            if (ended is null)
            {
                start = time.GetTimestamp();
                ended = RentOutcomes(count);
            }
        }
    }

    /// <summary>The outcome of a check answered by its kind's <see cref="CheckKind.CachedAnswer"/>; null when the probe has nothing.</summary>
    private static CheckOutcome? Probe(Func<object, object?> probe, CheckKind kind, CheckSpec spec)
    {
        object? answer;
        try
        {
            answer = probe(spec.Parameters);
        }
        catch (Exception e)
        {
            return CheckOutcome.Failed(e);
        }
        return answer is null ? null : CheckOutcome.Answered(kind, spec, answer);
    }

    [ThreadStatic]
    private static CheckOutcome?[]? t_outcomes;

    [ThreadStatic]
    private static CancellationTokenSource? t_round;

    /// <summary>The token source of a batch's inline checks: this thread's spare one when there is one. A batch
    /// whose checks all ended synchronously gives it back (reset: never cancelled, registrations dropped), since
    /// nobody can be waiting on it; one with pending checks keeps it.</summary>
    private static CancellationTokenSource RentRound()
    {
        var round = t_round;
        if (round is null)
        {
            return new CancellationTokenSource();
        }
        t_round = null;
        return round;
    }

    private static void ReturnRound(CancellationTokenSource? round)
    {
        if (round is not null && round.TryReset())
        {
            t_round = round;
        }
    }

    /// <summary>Checks of the same kind (the same name instance) from <paramref name="index"/> on.</summary>
    private static int SameKindFrom(IReadOnlyList<CheckSpec> specs, int index)
    {
        var kind = specs[index].Kind;
        var n = 1;
        while (index + n < specs.Count && ReferenceEquals(specs[index + n].Kind, kind))
        {
            n++;
        }
        return n;
    }

    /// <summary>The outcomes of the inline dispatch: this thread's scratch array when it is free (each batch
    /// gives it back once it has read it; a nested batch, started by a check, gets its own), else a new one.</summary>
    private static CheckOutcome?[] RentOutcomes(int count)
    {
        var scratch = t_outcomes;
        if (scratch is null || scratch.Length < count)
        {
            return new CheckOutcome?[count];
        }
        t_outcomes = null;
        return scratch;
    }

    private static void ReturnOutcomes(CheckOutcome?[]? outcomes)
    {
        if (outcomes is { Length: <= 64 })
        {
            Array.Clear(outcomes);
            t_outcomes = outcomes;
        }
    }

    /// <summary>Every check ended inline: the answer, timed up to the end of the inline dispatch.</summary>
    private BatchResult AnswerInline(IReadOnlyList<CheckSpec> specs, CheckOutcome?[]? ended, TimeSpan elapsed)
    {
        var results = new CheckResult[specs.Count];
        var tally = new ScoreTally();
        for (var i = 0; i < results.Length; i++)
        {
            var spec = specs[i];
            var outcome = ended![i]!.Value;
            var added = tally.Add(spec.Name, outcome.Status, outcome.Interpretation, Scoring.WeightOf(spec.Name, spec.Weight, Options.Weights),
                spec.OnError, outcome.Error);
            results[i] = outcome.ResultFor(spec, elapsed, added);
        }
        _context.Metrics.OnAnsweredInline(results.Length);
        return BatchAnswer.Create(_context, results, tally, [], BatchEnd.Complete, elapsed, counted: true);
    }

    /// <summary>The earliest moment, from the batch's start, the global timeout or a pending check's
    /// adaptive deadline could act: min(global timeout, the smallest timeout-min of the pending checks).</summary>
    private TimeSpan HandOverAfter(IReadOnlyList<CheckSpec> specs, RegisteredKind?[] pendingKinds)
    {
        var after = Options.GlobalTimeout;
        for (var i = 0; i < pendingKinds.Length; i++)
        {
            if (pendingKinds[i] is { } kind)
            {
                var (_, min) = Timeouts(specs[i], kind.Kind);
                after = min < after ? min : after;
            }
        }
        return after;
    }

    /// <summary>An aggregator takes the batch over: what ended inline is recorded by it, what is pending answers to it.</summary>
    private Task<BatchResult> HandOver(IReadOnlyList<CheckSpec> specs, Dictionary<string, RegisteredKind> kinds, InlineStart? inline,
        CheckOutcome?[]? ended, TimeSpan dispatched, ValueTask<object?>?[]? pending, CancellationToken cancellationToken)
    {
        var resolved = new RegisteredKind?[specs.Count];
        for (var i = 0; i < resolved.Length; i++)
        {
            kinds.TryGetValue(specs[i].Kind, out resolved[i]);
        }
        var slots = Plan(specs, resolved);
        var started = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            if (ended?[i] is { } outcome)
            {
                slots[i].State = SlotState.Pending;
                slots[i].EndedInline = (outcome, dispatched);
                started++;
            }
            else if (pending?[i] is not null)
            {
                slots[i].State = SlotState.Pending;
                started++;
            }
        }
        ReturnOutcomes(ended);
        if (started > 0)
        {
            _context.Metrics.OnDispatchedInline(started);
        }
        var answer = new TaskCompletionSource<BatchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = _context;
        var aggregator = System.ActorOf(Props.Create(() => new Aggregator(slots, context, answer, cancellationToken, inline)));
        if (pending is not null)
        {
            for (var i = 0; i < pending.Length; i++)
            {
                if (pending[i] is { } work)
                {
                    CheckCompletion.TellWhenDone(work, aggregator, i, slots[i].Kind);
                }
            }
        }
        return answer.Task;
    }

    /// <exception cref="ArgumentException">A check is null, or two share a name.</exception>
    private static void CheckNames(IReadOnlyList<CheckSpec> checks)
    {
        var names = checks.Count > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < checks.Count; i++)
        {
            var spec = checks[i] ?? throw new ArgumentException($"Check {i} is null.", nameof(checks));
            if (names is not null ? !names.Add(spec.Name) : NameTaken(checks, i))
            {
                throw new ArgumentException($"Two checks are named '{spec.Name}'; names are unique in a batch.", nameof(checks));
            }
        }
    }

    /// <summary>The aggregator's view of a batch: each check with its kind, weight and timeouts.</summary>
    internal BatchSlot[] Plan(IReadOnlyList<CheckSpec> checks, RegisteredKind?[] kinds)
    {
        var slots = new BatchSlot[checks.Count];
        for (var i = 0; i < slots.Length; i++)
        {
            var spec = checks[i];
            var kind = kinds[i] ?? (Volatile.Read(ref _kinds).TryGetValue(spec.Kind, out var registered) ? registered : null);
            var (initial, min) = Timeouts(spec, kind?.Kind);
            slots[i] = new BatchSlot(i, spec, kind, Scoring.WeightOf(spec.Name, spec.Weight, Options.Weights), initial, min);
        }
        return slots;
    }

    /// <summary>timeout-initial and timeout-min (≤ initial) of a check.</summary>
    private (TimeSpan Initial, TimeSpan Min) Timeouts(CheckSpec spec, CheckKind? kind)
    {
        var initial = InitialTimeout(spec, kind);
        var min = spec.MinTimeout ?? initial * Options.MinTimeoutFactor;
        return (initial, min < initial ? min : initial);
    }

    /// <summary>True when a check before <paramref name="index"/> has the same name (small batches: cheaper than a set).</summary>
    private static bool NameTaken(IReadOnlyList<CheckSpec> checks, int index)
    {
        var name = checks[index].Name;
        for (var j = 0; j < index; j++)
        {
            // Names of one batch usually differ in length or in their last character ("check0", "check1"):
            // both are read before comparing whole strings.
            var other = checks[j].Name;
            if (other.Length == name.Length && (name.Length == 0 || other[^1] == name[^1]) && string.Equals(other, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>timeout-initial: the check's own, else its zone's, else its kind's, else its class default.</summary>
    private TimeSpan InitialTimeout(CheckSpec spec, CheckKind? kind)
    {
        if (spec.Timeout is { } own)
        {
            return own;
        }
        if (Options.ZoneTimeouts.Count > 0 && spec.Parameters is IZoneQuery zoned && Options.ZoneTimeouts.TryGetValue(zoned.Zone, out var zone))
        {
            return zone;
        }
        if (Options.KindTimeouts.Count > 0 && Options.KindTimeouts.TryGetValue(spec.Kind, out var byKind))
        {
            return byKind;
        }
        return kind?.TimeoutClass == TimeoutClass.Dns ? Options.DnsTimeout : Options.SocketTimeout;
    }
}
