namespace Sift.Protocols.Dmarc;

/// <summary>A requested policy (RFC 7489 §6.3 <c>p</c>, <c>sp</c>; RFC 9091 <c>np</c>).</summary>
public enum DmarcPolicy
{
    /// <summary>Monitor only.</summary>
    None,
    /// <summary>Treat failing mail as suspicious.</summary>
    Quarantine,
    /// <summary>Reject failing mail during the SMTP transaction.</summary>
    Reject,
}

/// <summary>Identifier alignment mode (<c>adkim</c>, <c>aspf</c>).</summary>
public enum DmarcAlignment
{
    /// <summary>Organizational Domains must match (the default).</summary>
    Relaxed,
    /// <summary>The domains must be identical.</summary>
    Strict,
}

/// <summary>
/// A parsed DMARC record with every tag resolved to its value or its default. Built by
/// <see cref="TryParse"/>; bad values of optional tags fall back to defaults and are listed in
/// <see cref="Warnings"/>, as RFC 7489 §6.3 asks.
/// </summary>
public sealed record DmarcRecord
{
    /// <summary>The TXT string as published.</summary>
    public required string Text { get; init; }

    /// <summary><c>p</c>: the policy for the domain itself.</summary>
    public DmarcPolicy Policy { get; init; }

    /// <summary>True when <c>p</c> was missing or invalid and the record is read as <c>p=none</c> because it has a valid <c>rua</c> (RFC 7489 §6.6.3).</summary>
    public bool PolicyDefaulted { get; init; }

    /// <summary><c>sp</c>: the policy for subdomains; <see cref="Policy"/> when absent.</summary>
    public DmarcPolicy SubdomainPolicy { get; init; }

    /// <summary>True when <c>sp</c> was given.</summary>
    public bool HasSubdomainPolicy { get; init; }

    /// <summary><c>np</c> (RFC 9091): the policy for non-existent subdomains; null when absent (then <see cref="SubdomainPolicy"/> applies).</summary>
    public DmarcPolicy? NonExistentSubdomainPolicy { get; init; }

    /// <summary><c>pct</c>: the percentage of failing mail the policy applies to, 0–100 (default 100; larger values are clamped).</summary>
    public int Percent { get; init; } = 100;

    /// <summary><c>rua</c>: aggregate report URIs that parsed.</summary>
    public IReadOnlyList<string> AggregateReportUris { get; init; } = [];

    /// <summary><c>ruf</c>: failure report URIs that parsed.</summary>
    public IReadOnlyList<string> FailureReportUris { get; init; } = [];

    /// <summary><c>adkim</c> (default relaxed).</summary>
    public DmarcAlignment DkimAlignment { get; init; }

    /// <summary><c>aspf</c> (default relaxed).</summary>
    public DmarcAlignment SpfAlignment { get; init; }

    /// <summary><c>fo</c>: failure reporting options, colon-separated from 0, 1, d, s (default "0").</summary>
    public string FailureOptions { get; init; } = "0";

    /// <summary><c>ri</c>: the aggregate report interval in seconds (default 86400).</summary>
    public uint ReportInterval { get; init; } = 86400;

    /// <summary>Tags whose values were ignored, and why.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The keyword of a policy: none, quarantine, reject.</summary>
    public static string PolicyName(DmarcPolicy policy) => policy switch
    {
        DmarcPolicy.Quarantine => "quarantine",
        DmarcPolicy.Reject => "reject",
        _ => "none",
    };

    /// <summary>The keyword of an alignment mode: r or s.</summary>
    public static string AlignmentName(DmarcAlignment alignment) => alignment == DmarcAlignment.Strict ? "s" : "r";

    /// <summary>True when a TXT string announces DMARC: it starts with <c>v=DMARC1</c> (RFC 7489 §6.6.3 step 3).</summary>
    public static bool IsDmarc1(string text) => DmarcRecordParser.IsDmarc1(text);

    /// <summary>Parses a record. Never throws.</summary>
    /// <param name="text">The TXT string.</param>
    /// <param name="record">The record, when usable.</param>
    /// <param name="error">Why it is not: not DMARC1, or no valid <c>p</c>/<c>sp</c> and no valid <c>rua</c>.</param>
    public static bool TryParse(string text, out DmarcRecord? record, out string? error)
        => DmarcRecordParser.TryParse(text, out record, out error);
}
