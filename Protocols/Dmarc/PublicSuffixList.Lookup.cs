namespace Sift.Protocols.Dmarc;

public sealed partial class PublicSuffixList
{
    /// <summary>The public suffix of <paramref name="domain"/> (e.g. <c>co.uk</c> for <c>mail.example.co.uk</c>).</summary>
    /// <param name="domain">A domain name; case is ignored, one trailing dot is allowed.</param>
    /// <param name="includePrivate">False to use only the ICANN section.</param>
    /// <returns>The suffix, lower-cased, or null for an empty or malformed name.</returns>
    public string? GetPublicSuffix(string? domain, bool includePrivate = true)
        => Slice(domain, includePrivate, extraLabels: 0, wholeNameWhenShort: false);

    /// <summary>
    /// The registrable domain: the public suffix plus one label (<c>example.co.uk</c>); null when the
    /// name is itself a public suffix or malformed. This is RFC 7489's Organizational Domain.
    /// </summary>
    /// <param name="domain">A domain name; case is ignored, one trailing dot is allowed.</param>
    /// <param name="includePrivate">False to use only the ICANN section.</param>
    public string? GetRegistrableDomain(string? domain, bool includePrivate = true)
        => Slice(domain, includePrivate, extraLabels: 1, wholeNameWhenShort: false);

    /// <summary>
    /// The Organizational Domain for DMARC (RFC 7489 §3.2): the registrable domain, or the name
    /// itself (lower-cased) when it is a public suffix; null only for malformed input.
    /// </summary>
    /// <param name="domain">A domain name.</param>
    public string? GetOrganizationalDomain(string? domain)
        => Slice(domain, includePrivate: true, extraLabels: 1, wholeNameWhenShort: true);

    private string? Slice(string? domain, bool includePrivate, int extraLabels, bool wholeNameWhenShort)
    {
        if (string.IsNullOrEmpty(domain))
        {
            return null;
        }
        var span = domain.AsSpan();
        if (span[^1] == '.')
        {
            span = span[..^1];
        }
        if (span.IsEmpty || span.Length > MaxDomainLength || span[0] == '.')
        {
            return null;
        }
        Span<char> lower = stackalloc char[span.Length];
        span.ToLowerInvariant(lower);

        // Label starts, right to left: starts[0] is the last label.
        Span<int> starts = stackalloc int[128];
        int labels = 0;
        for (int i = lower.Length; i >= 0; i--)
        {
            if (i == 0 || lower[i - 1] == '.')
            {
                int end = labels == 0 ? lower.Length : starts[labels - 1] - 1;
                if (end - i == 0 || labels == starts.Length)
                {
                    return null; // an empty label, or more labels than a 253-character name can hold
                }
                starts[labels++] = i;
            }
        }
        int suffixLabels = SuffixLabelCount(lower, starts[..labels], includePrivate);
        int wanted = suffixLabels + extraLabels;
        if (wanted > labels)
        {
            return wholeNameWhenShort ? new string(lower) : null;
        }
        return new string(lower[starts[wanted - 1]..]);
    }

    /// <summary>How many labels, counted from the right, the prevailing rule says are public.</summary>
    private int SuffixLabelCount(ReadOnlySpan<char> name, ReadOnlySpan<int> starts, bool includePrivate)
    {
        var mask = includePrivate
            ? RuleFlags.Normal | RuleFlags.Wildcard | RuleFlags.Exception | RuleFlags.NormalPrivate | RuleFlags.WildcardPrivate | RuleFlags.ExceptionPrivate
            : RuleFlags.Normal | RuleFlags.Wildcard | RuleFlags.Exception;
        int longest = 1; // the implicit "*" rule
        for (int n = 1; n <= starts.Length; n++)
        {
            if (!_lookup.TryGetValue(name[starts[n - 1]..], out var flags))
            {
                continue;
            }
            flags &= mask;
            if ((flags & (RuleFlags.Exception | RuleFlags.ExceptionPrivate)) != 0)
            {
                return n - 1; // an exception wins outright; the suffix is the rule minus its first label
            }
            if ((flags & (RuleFlags.Normal | RuleFlags.NormalPrivate)) != 0)
            {
                longest = Math.Max(longest, n);
            }
            if ((flags & (RuleFlags.Wildcard | RuleFlags.WildcardPrivate)) != 0 && n < starts.Length)
            {
                longest = Math.Max(longest, n + 1);
            }
        }
        return longest;
    }
}
