namespace Sift.Engine.Checks;

/// <summary>What a custom check says, in the manner of qpsmtpd's plugin hooks.</summary>
public enum CustomVerdict
{
    /// <summary>The message is fine as far as this check goes (no score).</summary>
    Ok,

    /// <summary>Reject: the check's weight is added and the verdict is at least REJECT.</summary>
    Deny,

    /// <summary>Try later: the check's weight is added and the verdict is TEMPFAIL.</summary>
    DenySoft,

    /// <summary>No opinion (no score).</summary>
    Declined,
}

/// <summary>The answer of a custom check.</summary>
/// <param name="Verdict">What the check says.</param>
/// <param name="Reason">Why, in one line (shown in reasons and SMTP replies).</param>
public sealed record CustomAnswer(CustomVerdict Verdict, string? Reason = null)
{
    /// <summary>OK.</summary>
    public static CustomAnswer Ok(string? reason = null) => new(CustomVerdict.Ok, reason);

    /// <summary>DENY with a reason.</summary>
    public static CustomAnswer Deny(string reason) => new(CustomVerdict.Deny, reason);

    /// <summary>DENYSOFT with a reason.</summary>
    public static CustomAnswer DenySoft(string reason) => new(CustomVerdict.DenySoft, reason);

    /// <summary>DECLINED.</summary>
    public static CustomAnswer Declined(string? reason = null) => new(CustomVerdict.Declined, reason);
}
