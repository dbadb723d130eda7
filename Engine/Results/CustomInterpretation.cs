using Sift.Engine.Checks;

namespace Sift.Engine.Results;

/// <summary>A custom check's answer, as scoring sees it: DENY and DENYSOFT are hits that also
/// set a floor under the verdict (REJECT, TEMPFAIL); OK and DECLINED add nothing.</summary>
/// <param name="Verdict">What the check said.</param>
/// <param name="Reason">Why.</param>
public sealed record CustomInterpretation(CustomVerdict Verdict, string? Reason) : Interpretation, IVerdictFloor
{
    /// <inheritdoc />
    public override bool Hit => Verdict is CustomVerdict.Deny or CustomVerdict.DenySoft;

    /// <inheritdoc />
    public override string? Reason { get; } = Reason;

    /// <inheritdoc />
    public Verdict MinimumVerdict => Verdict switch
    {
        CustomVerdict.Deny => Results.Verdict.Reject,
        CustomVerdict.DenySoft => Results.Verdict.Tempfail,
        _ => Results.Verdict.Pass,
    };

    private static readonly CustomInterpretation PlainOk = new(CustomVerdict.Ok, null);
    private static readonly CustomInterpretation PlainDeclined = new(CustomVerdict.Declined, null);

    /// <summary>The interpreter of custom kinds: a <see cref="CustomAnswer"/> becomes this; anything else is unusable.
    /// (OK and DECLINED without a reason, the common answers, share one immutable instance each.)</summary>
    public static Interpretation Interpret(object? answer, CheckSpec check) => answer switch
    {
        CustomAnswer { Verdict: CustomVerdict.Ok, Reason: null } => PlainOk,
        CustomAnswer { Verdict: CustomVerdict.Declined, Reason: null } => PlainDeclined,
        CustomAnswer a => new CustomInterpretation(a.Verdict, a.Reason ?? DefaultReason(a.Verdict, check)),
        _ => new UnusableAnswer($"custom check {check?.Name} answered {answer?.GetType().Name ?? "null"}, not a CustomAnswer"),
    };

    private static string? DefaultReason(CustomVerdict verdict, CheckSpec check) =>
        verdict is CustomVerdict.Deny or CustomVerdict.DenySoft ? $"{check.Name}: {verdict.ToString().ToUpperInvariant()}" : null;
}

/// <summary>An interpretation that puts a floor under the verdict whatever the score.</summary>
public interface IVerdictFloor
{
    /// <summary>The least severe verdict the batch may have.</summary>
    Verdict MinimumVerdict { get; }
}

/// <summary>An answer that arrived but means nothing usable (a blocklist's "you are querying wrongly"
/// code, a hijacked NXDOMAIN, a garbled reply): the check is recorded as an error, not a listing.</summary>
/// <param name="Reason">What was wrong with the answer.</param>
public sealed record UnusableAnswer(string Reason) : Interpretation
{
    /// <inheritdoc />
    public override bool Hit => false;

    /// <inheritdoc />
    public override string? Reason { get; } = Reason;
}
