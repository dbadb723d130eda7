namespace Sift.Engine.Results;

/// <summary>
/// What a check's raw answer means, after interpretation. Scoring adds a check's weight
/// when <see cref="Hit"/> is true. Each check kind has its own sealed subtype
/// (a blocklist listing, a virus, a spam score, …) carrying the typed fields.
/// </summary>
public abstract record Interpretation
{
    /// <summary>True when the answer counts against the message (listed, virus, spam, no rDNS…).</summary>
    public abstract bool Hit { get; }

    /// <summary>A one-line human reason, suitable for an SMTP reply or a header; null when there is nothing to say.</summary>
    public abstract string? Reason { get; }
}

/// <summary>How a check ended. Expected negatives (not listed, clean) are <see cref="Answered"/>.</summary>
public enum CheckStatus
{
    /// <summary>The backend answered; the interpretation is valid.</summary>
    Answered,
    /// <summary>The backend failed or answered something unusable.</summary>
    Error,
    /// <summary>No answer before the check's own deadline.</summary>
    TimedOut,
    /// <summary>Cancelled: the batch ended (verdict certain, global timeout) before it answered.</summary>
    Aborted,
    /// <summary>Refused at once because a bounded queue was full.</summary>
    Overloaded,
}
