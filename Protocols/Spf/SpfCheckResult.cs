namespace Sift.Protocols.Spf;

/// <summary>The outcome of check_host() for one identity.</summary>
/// <param name="Result">One of the seven SPF results.</param>
/// <param name="Domain">The domain that was checked (the top of the evaluation).</param>
/// <param name="Record">The SPF record of <paramref name="Domain"/>, when one was found.</param>
/// <param name="Mechanism">The directive that matched (e.g. <c>-all</c>), or null when none did.</param>
/// <param name="Explanation">For a fail: the domain's expanded <c>exp=</c> text, if it published one.</param>
/// <param name="Problem">For temperror/permerror: what went wrong.</param>
/// <param name="DnsLookups">How many DNS-querying terms were evaluated (RFC 7208 §4.6.4 limit: 10).</param>
/// <param name="VoidLookups">How many lookups returned NXDOMAIN or no data.</param>
public sealed record SpfCheckResult(
    SpfResult Result, string Domain, string? Record, string? Mechanism, string? Explanation, string? Problem,
    int DnsLookups, int VoidLookups);

/// <summary>Limits and local values of an <see cref="SpfEvaluator"/>.</summary>
public sealed record SpfEvaluatorOptions
{
    /// <summary>Terms that query DNS (include, a, mx, ptr, exists, redirect) per check; RFC 7208 says 10.</summary>
    public int MaxDnsMechanisms { get; init; } = 10;

    /// <summary>Lookups answering NXDOMAIN or no data before permerror; RFC 7208 recommends 2.</summary>
    public int MaxVoidLookups { get; init; } = 2;

    /// <summary>MX names an <c>mx</c> mechanism may resolve; more is permerror (RFC 7208 §4.6.4).</summary>
    public int MaxMxNames { get; init; } = 10;

    /// <summary>PTR names a <c>ptr</c> mechanism or <c>%{p}</c> looks at; the rest are ignored.</summary>
    public int MaxPtrNames { get; init; } = 10;

    /// <summary>This host's name, the <c>%{r}</c> macro and the Received-SPF <c>receiver=</c> key.</summary>
    public string Receiver { get; init; } = "unknown";

    /// <summary>Parsed records kept by their text (0 turns the cache off); the cache is emptied when full.</summary>
    public int ParsedRecordCacheSize { get; init; } = 1024;

    /// <summary>The clock for <c>%{t}</c>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
