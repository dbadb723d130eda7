namespace Sift.Engine.Execution;

/// <summary>
/// SpamAssassin AsyncLoop's adaptive deadline: with r = answered / started in the batch, a
/// pending check expires at start + initial − (initial − min)·r². While few checks have
/// answered a slow one gets its full initial time; once most have, the stragglers get close to
/// min — the batch does not wait long for the last one.
/// </summary>
public static class AdaptiveDeadline
{
    /// <summary>How long after its start a pending check expires, given the batch's progress.</summary>
    /// <param name="initial">timeout-initial.</param>
    /// <param name="min">timeout-min (≤ initial).</param>
    /// <param name="answered">Checks of the batch that have ended.</param>
    /// <param name="started">Checks of the batch that have started.</param>
    public static TimeSpan Expiry(TimeSpan initial, TimeSpan min, int answered, int started)
    {
        var r = started <= 0 ? 0.0 : Math.Clamp((double)answered / started, 0.0, 1.0);
        return initial - (initial - min) * (r * r);
    }
}
