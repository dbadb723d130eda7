namespace Sift.Protocols.Dmarc;

/// <summary>How policy discovery ended.</summary>
public enum DmarcLookupStatus
{
    /// <summary>One usable record was found.</summary>
    Found,
    /// <summary>No DMARC record at the From domain nor at its Organizational Domain.</summary>
    None,
    /// <summary>A DNS failure (server failure, timeout) stopped discovery.</summary>
    TempError,
    /// <summary>The domain publishes more than one DMARC record, or one that cannot be used.</summary>
    PermError,
}

/// <summary>The outcome of DMARC policy discovery (RFC 7489 §6.6.3).</summary>
/// <param name="Status">How it ended.</param>
/// <param name="FromDomain">The RFC 5322.From domain, lower-cased.</param>
/// <param name="OrganizationalDomain">Its Organizational Domain (Public Suffix List).</param>
/// <param name="PolicyDomain">The domain whose <c>_dmarc</c> record was used, or null.</param>
/// <param name="RawRecord">The selected record text (also for a record that did not parse), or null.</param>
/// <param name="Record">The parsed record when <see cref="Status"/> is Found.</param>
/// <param name="Problem">Why discovery ended in an error.</param>
public sealed record DmarcLookup(
    DmarcLookupStatus Status, string FromDomain, string OrganizationalDomain, string? PolicyDomain,
    string? RawRecord, DmarcRecord? Record, string? Problem)
{
    /// <summary>True when the record came from the Organizational Domain, not the From domain itself.</summary>
    public bool IsOrganizationalFallback => PolicyDomain is not null
        && !string.Equals(PolicyDomain, FromDomain, StringComparison.OrdinalIgnoreCase);
}
