namespace Sift.Engine.Results;

/// <summary>The outcome of a batch, ordered by severity: TEMPFAIL is the top band.</summary>
public enum Verdict
{
    /// <summary>Below reject-at, nothing forcing more.</summary>
    Pass,

    /// <summary>Score ≥ reject-at (or a DENY), below tempfail-at.</summary>
    Reject,

    /// <summary>Score ≥ tempfail-at, a fail-closed check errored, a pool was overloaded, or a DENYSOFT.</summary>
    Tempfail,
}

/// <summary>What the gateway does for a verdict (configurable per verdict).</summary>
public enum FilterAction
{
    /// <summary>Accept the message.</summary>
    Accept,

    /// <summary>Reject with 5xx.</summary>
    Reject,

    /// <summary>Tempfail with 4xx.</summary>
    Tempfail,

    /// <summary>Accept and add the spam headers.</summary>
    AddHeader,

    /// <summary>Accept and silently drop.</summary>
    Discard,

    /// <summary>Accept into the MTA's quarantine.</summary>
    Quarantine,
}
