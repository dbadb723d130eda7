using Sift.Protocols.Spf;

namespace Sift.Protocols.Dmarc;

/// <summary>The DMARC result (RFC 7489 §11.2 / RFC 8601 <c>dmarc=</c>).</summary>
public enum DmarcResult
{
    /// <summary>No DMARC record.</summary>
    None,
    /// <summary>An aligned SPF or DKIM pass.</summary>
    Pass,
    /// <summary>Neither passed in alignment.</summary>
    Fail,
    /// <summary>Discovery hit a transient DNS failure.</summary>
    TempError,
    /// <summary>The published record(s) cannot be used.</summary>
    PermError,
}

/// <summary>One DKIM signature's verification outcome, as the caller's DKIM verifier found it.</summary>
/// <param name="Domain">The signing domain (<c>d=</c>).</param>
/// <param name="Pass">True when the signature verified.</param>
public readonly record struct DkimSignatureResult(string Domain, bool Pass);

/// <summary>What DMARC evaluation needs about one message.</summary>
/// <param name="FromDomain">The RFC 5322.From domain.</param>
/// <param name="SpfResult">The SPF result of the MAIL FROM identity (or of HELO for a bounce).</param>
/// <param name="SpfDomain">The domain SPF checked: the MAIL FROM domain, or the HELO name for a bounce.</param>
/// <param name="Dkim">Every DKIM signature's outcome.</param>
/// <param name="FromDomainExists">False when the From domain is known not to exist in DNS (RFC 9091 <c>np</c>); null when unknown.</param>
public sealed record DmarcInput(
    string FromDomain, SpfResult SpfResult, string? SpfDomain, IReadOnlyList<DkimSignatureResult> Dkim, bool? FromDomainExists = null);

/// <summary>The outcome of DMARC evaluation and the policy to apply.</summary>
/// <param name="Result">pass, fail, none, temperror, permerror.</param>
/// <param name="PublishedPolicy">The policy the record asks for this message (p, sp or np), or null without a record.</param>
/// <param name="Disposition">What to do: the published policy on a fail, lowered one step when pct sampling excludes the message; none on a pass.</param>
/// <param name="SpfAligned">True when SPF passed for a domain aligned with the From domain.</param>
/// <param name="DkimAligned">True when some DKIM signature passed for a domain aligned with the From domain.</param>
/// <param name="AlignedDkimDomain">The first aligned passing DKIM domain.</param>
/// <param name="SampledOut">True when pct sampling excluded this message from the policy.</param>
/// <param name="Lookup">The discovery behind the result.</param>
/// <param name="Reason">A one-line explanation.</param>
public sealed record DmarcEvaluation(
    DmarcResult Result, DmarcPolicy? PublishedPolicy, DmarcPolicy Disposition, bool SpfAligned, bool DkimAligned,
    string? AlignedDkimDomain, bool SampledOut, DmarcLookup Lookup, string Reason)
{
    /// <summary>The result keyword: pass, fail, none, temperror, permerror.</summary>
    public string Keyword => Result.ToString().ToLowerInvariant();

    /// <summary>The resinfo for Authentication-Results: <c>dmarc=fail (p=reject dis=quarantine) header.from=example.com</c>.</summary>
    public string AuthenticationResultsMethod => PublishedPolicy is { } policy
        ? $"dmarc={Keyword} (p={DmarcRecord.PolicyName(policy)} dis={DmarcRecord.PolicyName(Disposition)}) header.from={Lookup.FromDomain}"
        : $"dmarc={Keyword} header.from={Lookup.FromDomain}";
}
