using Microsoft.Extensions.Logging;
using Sift.Protocols.Spf;

namespace Sift.Protocols.Dmarc;

/// <summary>
/// DMARC evaluation (RFC 7489 §6.6): discovery, identifier alignment of the SPF and DKIM
/// results the caller supplies, the policy for the From domain (p, sp, or np of RFC 9091),
/// and pct sampling with an injectable random source. Thread-safe when the random source is.
/// </summary>
public sealed class DmarcEvaluator
{
    private readonly DmarcDiscovery _discovery;
    private readonly Random _random;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="resolver">The TXT lookups.</param>
    /// <param name="suffixes">The Public Suffix List; <see cref="PublicSuffixList.Default"/> when null.</param>
    /// <param name="random">The pct sampling source; <see cref="Random.Shared"/> when null.</param>
    /// <param name="logger">Receives discovery errors at Debug.</param>
    public DmarcEvaluator(ITxtResolver resolver, PublicSuffixList? suffixes = null, Random? random = null, ILogger? logger = null)
    {
        _discovery = new DmarcDiscovery(resolver, suffixes, logger);
        _random = random ?? Random.Shared;
    }

    /// <summary>Discovery, as used by this evaluator.</summary>
    public DmarcDiscovery Discovery => _discovery;

    /// <summary>Discovers the policy and evaluates the message against it.</summary>
    /// <param name="input">The From domain and the SPF and DKIM outcomes.</param>
    /// <param name="cancellationToken">Stops the lookups.</param>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires.</exception>
    public async ValueTask<DmarcEvaluation> EvaluateAsync(DmarcInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lookup = await _discovery.DiscoverAsync(input.FromDomain, cancellationToken).ConfigureAwait(false);
        return Evaluate(input, lookup);
    }

    /// <summary>Evaluates a message against an already discovered policy; no DNS.</summary>
    /// <param name="input">The From domain and the SPF and DKIM outcomes.</param>
    /// <param name="lookup">The discovery result for <see cref="DmarcInput.FromDomain"/>.</param>
    public DmarcEvaluation Evaluate(DmarcInput input, DmarcLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(lookup);
        switch (lookup.Status)
        {
            case DmarcLookupStatus.None:
                return new DmarcEvaluation(DmarcResult.None, null, DmarcPolicy.None, false, false, null, false, lookup,
                    lookup.Problem ?? $"{lookup.FromDomain} publishes no DMARC record");
            case DmarcLookupStatus.TempError:
                return new DmarcEvaluation(DmarcResult.TempError, null, DmarcPolicy.None, false, false, null, false, lookup, lookup.Problem!);
            case DmarcLookupStatus.PermError:
                return new DmarcEvaluation(DmarcResult.PermError, null, DmarcPolicy.None, false, false, null, false, lookup, lookup.Problem!);
        }

        var record = lookup.Record!;
        var suffixes = _discovery.Suffixes;
        bool spfAligned = input.SpfResult == SpfResult.Pass && input.SpfDomain is not null
            && IsAligned(input.SpfDomain, lookup.FromDomain, record.SpfAlignment, suffixes);
        string? dkimDomain = null;
        foreach (var signature in input.Dkim)
        {
            if (signature.Pass && IsAligned(signature.Domain, lookup.FromDomain, record.DkimAlignment, suffixes))
            {
                dkimDomain = signature.Domain;
                break;
            }
        }
        bool dkimAligned = dkimDomain is not null;
        var policy = SelectPolicy(record, lookup, input.FromDomainExists);

        if (spfAligned || dkimAligned)
        {
            string how = spfAligned ? $"SPF passed for {input.SpfDomain}" : $"DKIM passed for {dkimDomain}";
            return new DmarcEvaluation(DmarcResult.Pass, policy, DmarcPolicy.None, spfAligned, dkimAligned, dkimDomain, false, lookup,
                $"{how}, aligned with {lookup.FromDomain}");
        }

        // pct (RFC 7489 §6.6.4): a message outside the sample gets the next policy down.
        bool sampledOut = policy != DmarcPolicy.None && record.Percent < 100 && _random.Next(100) >= record.Percent;
        var disposition = !sampledOut ? policy : policy == DmarcPolicy.Reject ? DmarcPolicy.Quarantine : DmarcPolicy.None;
        return new DmarcEvaluation(DmarcResult.Fail, policy, disposition, false, false, null, sampledOut, lookup,
            $"no aligned SPF or DKIM pass for {lookup.FromDomain} (p={DmarcRecord.PolicyName(policy)})");
    }

    /// <summary>The policy for this From domain: p at the domain itself, else sp, or np when the subdomain does not exist.</summary>
    private static DmarcPolicy SelectPolicy(DmarcRecord record, DmarcLookup lookup, bool? fromDomainExists)
    {
        if (!lookup.IsOrganizationalFallback)
        {
            return record.Policy;
        }
        if (fromDomainExists == false && record.NonExistentSubdomainPolicy is { } np)
        {
            return np;
        }
        return record.SubdomainPolicy;
    }

    /// <summary>
    /// Identifier alignment (RFC 7489 §3.1): strict needs identical names; relaxed needs the same
    /// Organizational Domain. Case and a trailing dot are ignored.
    /// </summary>
    /// <param name="authenticated">The SPF or DKIM domain.</param>
    /// <param name="fromDomain">The RFC 5322.From domain.</param>
    /// <param name="mode">Relaxed or strict.</param>
    /// <param name="suffixes">The Public Suffix List.</param>
    public static bool IsAligned(string authenticated, string fromDomain, DmarcAlignment mode, PublicSuffixList suffixes)
    {
        var a = authenticated.Trim().TrimEnd('.');
        var b = fromDomain.Trim().TrimEnd('.');
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }
        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (mode == DmarcAlignment.Strict)
        {
            return false;
        }
        var orgA = suffixes.GetOrganizationalDomain(a);
        return orgA is not null && string.Equals(orgA, suffixes.GetOrganizationalDomain(b), StringComparison.Ordinal);
    }
}
