namespace Sift.Protocols.Net;

/// <summary>
/// When an upstream is taken out of rotation and when it is tried again, as rspamd does it:
/// <see cref="MaxErrors"/> failures within <see cref="ErrorWindow"/> take it out for
/// <see cref="ReviveAfter"/> (spread by ± <see cref="ReviveJitter"/>), after which one probe
/// request decides whether it comes back.
/// </summary>
public sealed record UpstreamHealthPolicy
{
    /// <summary>Failures within <see cref="ErrorWindow"/> that take an upstream out. Default 4.</summary>
    public int MaxErrors { get; init; } = 4;

    /// <summary>The window failures are counted in. Default 10 s.</summary>
    public TimeSpan ErrorWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an upstream stays out before it is probed. Default 60 s.</summary>
    public TimeSpan ReviveAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Random spread of <see cref="ReviveAfter"/> as a share (0.25: ±25 %), so a farm does not come back at once. Default 0.25.</summary>
    public double ReviveJitter { get; init; } = 0.25;

    /// <summary>Throws when a value makes no sense.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or duration is not positive, or the jitter is outside 0–1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxErrors, 1, nameof(MaxErrors));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ErrorWindow, TimeSpan.Zero, nameof(ErrorWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReviveAfter, TimeSpan.Zero, nameof(ReviveAfter));
        if (ReviveJitter is < 0 or > 1 || double.IsNaN(ReviveJitter))
        {
            throw new ArgumentOutOfRangeException(nameof(ReviveJitter), ReviveJitter, "revive-jitter is between 0 and 1.");
        }
    }
}
