using System.Diagnostics.Metrics;
using Sift.Actors.Kernel;
using Sift.Engine.Results;

namespace Sift.Engine.Diagnostics;

/// <summary>
/// Sift's instruments (System.Diagnostics.Metrics, meter <c>Sift</c>): checks, batches, verdicts,
/// sessions and batches in flight, time-outs and dead letters. Listen with
/// <c>dotnet-counters monitor --counters Sift</c> or any OpenTelemetry exporter.
/// </summary>
public sealed class SiftMeter : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Sift";

    private readonly Meter _meter;
    private readonly Counter<long> _checks;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _batches;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _verdicts;
    private readonly Histogram<double> _messageDuration;
    private readonly UpDownCounter<long> _sessions;
    private readonly List<Func<long>> _deadLetters = [];
    private readonly List<Func<long>> _batchesInFlight = [];

    /// <summary>Creates the instruments on a meter from <paramref name="factory"/> (or a meter of its own).</summary>
    public SiftMeter(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _checks = _meter.CreateCounter<long>("sift.checks", "{check}", "Checks ended, by kind and status.");
        _checkDuration = _meter.CreateHistogram<double>("sift.check.duration", "ms", "Duration of each check, by kind and status.");
        _batches = _meter.CreateCounter<long>("sift.batches", "{batch}", "Batches answered, by stage and verdict.");
        _batchDuration = _meter.CreateHistogram<double>("sift.batch.duration", "ms", "Duration of each batch.");
        _timeouts = _meter.CreateCounter<long>("sift.timeouts", "{timeout}", "Batches cut by the global timeout (scope=global) and checks that timed out (scope=check).");
        _verdicts = _meter.CreateCounter<long>("sift.verdicts", "{message}", "Messages decided, by verdict, action and stage.");
        _messageDuration = _meter.CreateHistogram<double>("sift.message.duration", "ms", "From MAIL FROM (or connect) to the decision.");
        _sessions = _meter.CreateUpDownCounter<long>("sift.milter.sessions", "{session}", "Milter sessions open.");
        _meter.CreateObservableGauge("sift.batches.in_flight", () => Sum(_batchesInFlight), "{batch}", "Batches started and not yet answered.");
        _meter.CreateObservableCounter("sift.dead_letters", () => Sum(_deadLetters), "{message}", "Actor messages that could not be delivered.");
    }

    /// <summary>The underlying meter.</summary>
    public Meter Meter => _meter;

    /// <summary>Observes an engine: its batches in flight and its actor system's dead letters.</summary>
    public void Observe(FilterEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        lock (_deadLetters)
        {
            _batchesInFlight.Add(() => engine.Metrics.BatchesStarted - engine.Metrics.BatchesAnswered);
            _deadLetters.Add(() => engine.System.Metrics.DeadLetters);
        }
    }

    /// <summary>Observes another actor system's dead letters.</summary>
    public void Observe(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        lock (_deadLetters)
        {
            _deadLetters.Add(() => system.Metrics.DeadLetters);
        }
    }

    /// <summary>Records a batch and each of its checks.</summary>
    public void RecordBatch(string stage, BatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _batches.Add(1, new("stage", stage), new("verdict", VerdictName(result.Verdict)));
        _batchDuration.Record(result.Elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));
        if (result.TimedOut)
        {
            _timeouts.Add(1, new KeyValuePair<string, object?>("scope", "global"));
        }
        foreach (var check in result.Checks)
        {
            var status = check.Status.ToString().ToLowerInvariant();
            _checks.Add(1, new("kind", check.Kind), new("status", status));
            if (check.Status != CheckStatus.Aborted)
            {
                _checkDuration.Record(check.Duration.TotalMilliseconds, new("kind", check.Kind), new("status", status));
            }
            if (check.Status == CheckStatus.TimedOut)
            {
                _timeouts.Add(1, new("scope", "check"), new("kind", check.Kind));
            }
        }
    }

    /// <summary>Records a message's decision.</summary>
    public void RecordVerdict(Verdict verdict, FilterAction action, string stage, TimeSpan duration)
    {
        _verdicts.Add(1, new("verdict", VerdictName(verdict)), new("action", action.ToString().ToLowerInvariant()), new("stage", stage));
        _messageDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));
    }

    /// <summary>A milter session opened (+1) or closed (−1).</summary>
    public void SessionChanged(int delta) => _sessions.Add(delta);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static string VerdictName(Verdict verdict) => verdict.ToString().ToUpperInvariant();

    private long Sum(List<Func<long>> sources)
    {
        lock (_deadLetters)
        {
            var total = 0L;
            foreach (var source in sources)
            {
                total += source();
            }
            return total;
        }
    }
}
