using Sift.Protocols.Spf;

namespace Sift.Engine.Results;

/// <summary>
/// An interpreted SPF check (the <c>spf</c> check kind). <see cref="Hit"/> follows the
/// configuration: by default a fail counts and a softfail does not.
/// </summary>
/// <param name="Result">The SPF result.</param>
/// <param name="Explanation">The explanation (the domain's exp= text on a fail, else our wording).</param>
/// <param name="Record">The SPF record found, or null (has_spf is false).</param>
/// <param name="Domain">The domain checked.</param>
/// <param name="HitOnFail">Whether a fail counts against the message.</param>
/// <param name="HitOnSoftFail">Whether a softfail counts against the message.</param>
public sealed record SpfInterpretation(
    SpfResult Result, string? Explanation, string? Record, string Domain, bool HitOnFail = true, bool HitOnSoftFail = false)
    : Interpretation
{
    /// <summary>True when the domain publishes an SPF record.</summary>
    public bool HasSpf => Record is not null;

    /// <summary>The result keyword: pass, fail, softfail…</summary>
    public string ResultName => Result.ToKeyword();

    /// <inheritdoc />
    public override bool Hit => (Result == SpfResult.Fail && HitOnFail) || (Result == SpfResult.SoftFail && HitOnSoftFail);

    /// <inheritdoc />
    public override string? Reason => Hit ? $"SPF {ResultName} for {Domain}: {Explanation}" : null;

    /// <summary>Interprets an <see cref="SpfVerification"/>.</summary>
    /// <param name="verification">The verifier's answer.</param>
    /// <param name="hitOnFail">Whether a fail counts.</param>
    /// <param name="hitOnSoftFail">Whether a softfail counts.</param>
    public static SpfInterpretation From(SpfVerification verification, bool hitOnFail = true, bool hitOnSoftFail = false)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return new SpfInterpretation(verification.Result, verification.Explanation, verification.Record, verification.Domain,
            hitOnFail, hitOnSoftFail);
    }
}
