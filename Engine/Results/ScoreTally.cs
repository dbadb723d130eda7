using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Sift.Engine.Checks;

namespace Sift.Engine.Results;

/// <summary>
/// The running tally of scoring: checks added one by one, in batch order, then the result. The
/// one place that turns assessed checks into score, verdict and reasons, for
/// <see cref="Scoring.ScoreResults(IEnumerable{ScoredCheck}, IReadOnlyDictionary{string, double}?, ScoringThresholds?)"/>
/// and the engine alike. Lists are allocated only when there is a reason to keep.
/// </summary>
internal struct ScoreTally
{
    private double _score;
    private Verdict _floor;
    private List<string>? _forced;
    private List<(double Weight, int Order, string Reason)>? _hits;

    /// <summary>Adds one ended check; returns the score it added.</summary>
    public double Add(string name, CheckStatus status, Interpretation? interpretation, double weight, ErrorPolicy onError, string? error)
    {
        var (added, floor, forcedReason) = Scoring.Assess(name, status, interpretation, weight, onError, error);
        if (forcedReason is not null)
        {
            (_forced ??= []).Add(forcedReason);
        }
        else if (status == CheckStatus.Answered && interpretation is { Hit: true } hit)
        {
            _hits ??= [];
            _hits.Add((added, _hits.Count, hit.Reason ?? name));
        }
        _floor = floor > _floor ? floor : _floor;
        _score += added;
        return added;
    }

    /// <summary>Adds one result of a batch (the weight it applied is its weight when it is a hit; unused otherwise).</summary>
    public double Add(CheckResult result, ErrorPolicy onError) =>
        Add(result.Name, result.Status, result.Interpretation, result.WeightApplied, onError, result.Error);

    /// <summary>The score, the verdict (band raised by the floors) and the reasons: forced ones first, then hits by weight.</summary>
    public readonly ScoreResult Result(ScoringThresholds thresholds, IReadOnlyDictionary<string, double> weights)
    {
        var band = thresholds.Band(_score);
        IReadOnlyList<string> reasons;
        if (_hits is null)
        {
            reasons = _forced ?? (IReadOnlyList<string>)[];
        }
        else
        {
            _hits.Sort(static (a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Order.CompareTo(b.Order));
            // A new list: the tally stays as it was, so asking for the result twice gives the same reasons.
            var all = new List<string>((_forced?.Count ?? 0) + _hits.Count);
            if (_forced is not null)
            {
                all.AddRange(_forced);
            }
            foreach (var hit in _hits)
            {
                all.Add(hit.Reason);
            }
            reasons = all;
        }
        return new ScoreResult(_score, band > _floor ? band : _floor, reasons, weights);
    }
}

/// <summary>The weight each check of a batch added, by name: a view over the results (names are unique in a batch),
/// so that scoring a batch builds no dictionary.</summary>
internal sealed class CheckWeights(CheckResult[] results) : IReadOnlyDictionary<string, double>
{
    public int Count => results.Length;

    public IEnumerable<string> Keys => results.Select(r => r.Name);

    public IEnumerable<double> Values => results.Select(r => r.WeightApplied);

    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        foreach (var result in results)
        {
            if (string.Equals(result.Name, key, StringComparison.Ordinal))
            {
                value = result.WeightApplied;
                return true;
            }
        }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        foreach (var result in results)
        {
            yield return new KeyValuePair<string, double>(result.Name, result.WeightApplied);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
