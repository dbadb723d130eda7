using Sift.Engine.Results;

namespace Sift.Engine.Execution;

/// <summary>
/// Early exit's question — could the checks still unfinished change the verdict? — asked the same
/// way by the aggregator and the inline path: start from the running score and floor, add each
/// unfinished check, then <see cref="IsCertain"/>.
/// </summary>
internal struct VerdictBounds(double score, Verdict floor)
{
    private double _low = score;
    private double _high = score;
    private bool _mayForce;

    /// <summary>An unfinished check: its weight may still be added (negative weights lower the score);
    /// <paramref name="mayForceTempfail"/> when its error or answer could make the verdict TEMPFAIL.</summary>
    public void AddUnfinished(double weight, bool mayForceTempfail)
    {
        if (weight < 0)
        {
            _low += weight;
        }
        else
        {
            _high += weight;
        }
        _mayForce |= mayForceTempfail;
    }

    /// <summary>True when every outcome of the unfinished checks leads to the same verdict, and that verdict
    /// is REJECT or TEMPFAIL (a PASS waits for every check: their reasons and headers matter).</summary>
    public readonly bool IsCertain(ScoringThresholds thresholds)
    {
        var lower = Max(thresholds.Band(_low), floor);
        var upper = _mayForce ? Verdict.Tempfail : Max(thresholds.Band(_high), floor);
        return lower == upper && lower != Verdict.Pass;
    }

    private static Verdict Max(Verdict a, Verdict b) => a > b ? a : b;
}
