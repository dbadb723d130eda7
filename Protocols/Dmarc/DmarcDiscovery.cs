using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sift.Protocols.Spf;

namespace Sift.Protocols.Dmarc;

/// <summary>
/// Finds the DMARC record for a From domain: <c>_dmarc.&lt;domain&gt;</c>, then
/// <c>_dmarc.&lt;organizational domain&gt;</c> when the first has none (RFC 7489 §6.6.3).
/// A transient DNS error stops discovery (temperror) rather than falling back.
/// </summary>
public sealed class DmarcDiscovery
{
    private readonly ITxtResolver _resolver;
    private readonly PublicSuffixList _suffixes;
    private readonly ILogger _logger;

    /// <summary>Creates a discovery over a TXT resolver.</summary>
    /// <param name="resolver">The TXT lookups.</param>
    /// <param name="suffixes">The Public Suffix List; <see cref="PublicSuffixList.Default"/> when null.</param>
    /// <param name="logger">Receives temperror/permerror details at Debug.</param>
    public DmarcDiscovery(ITxtResolver resolver, PublicSuffixList? suffixes = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _suffixes = suffixes ?? PublicSuffixList.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The Public Suffix List in use.</summary>
    public PublicSuffixList Suffixes => _suffixes;

    /// <summary>
    /// Like Mail::MIMEDefang's <c>md_get_dmarc_record</c>: the raw DMARC record text for
    /// <paramref name="domain"/>, falling back to its Organizational Domain; null when there is
    /// none or it cannot be read.
    /// </summary>
    /// <param name="domain">The From domain.</param>
    /// <param name="cancellationToken">Stops the lookups.</param>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires.</exception>
    public async ValueTask<string?> DmarcVerifyAsync(string domain, CancellationToken cancellationToken = default)
    {
        var lookup = await DiscoverAsync(domain, cancellationToken).ConfigureAwait(false);
        return lookup.Status == DmarcLookupStatus.Found ? lookup.RawRecord : null;
    }

    /// <summary>Policy discovery with every detail kept.</summary>
    /// <param name="fromDomain">The RFC 5322.From domain.</param>
    /// <param name="cancellationToken">Stops the lookups.</param>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires.</exception>
    public async ValueTask<DmarcLookup> DiscoverAsync(string fromDomain, CancellationToken cancellationToken = default)
    {
        var from = (fromDomain ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant();
        var organizational = _suffixes.GetOrganizationalDomain(from);
        if (organizational is null || !IsQueryable(from))
        {
            return new DmarcLookup(DmarcLookupStatus.None, from, from, null, null, null, "not a valid domain name");
        }
        var lookup = await LookAtAsync(from, from, organizational, cancellationToken).ConfigureAwait(false);
        if (lookup.Status == DmarcLookupStatus.None && organizational != from)
        {
            lookup = await LookAtAsync(organizational, from, organizational, cancellationToken).ConfigureAwait(false);
        }
        if (lookup.Status is DmarcLookupStatus.TempError or DmarcLookupStatus.PermError)
        {
            SpfLog.DiscoveryError(_logger, from, lookup.Status.ToString(), lookup.Problem);
        }
        return lookup;
    }

    private async ValueTask<DmarcLookup> LookAtAsync(string domain, string from, string organizational, CancellationToken token)
    {
        var answer = await _resolver.LookupTxtAsync("_dmarc." + domain, token).ConfigureAwait(false);
        if (answer.IsFailure)
        {
            return new DmarcLookup(DmarcLookupStatus.TempError, from, organizational, null, null, null,
                $"DNS {answer.Status} looking up TXT _dmarc.{domain}");
        }
        string? selected = null;
        foreach (var text in answer.Records)
        {
            if (!DmarcRecord.IsDmarc1(text))
            {
                continue; // records that are not v=DMARC1 are discarded
            }
            if (selected is not null)
            {
                return new DmarcLookup(DmarcLookupStatus.PermError, from, organizational, domain, selected, null,
                    $"_dmarc.{domain} publishes more than one DMARC record");
            }
            selected = text;
        }
        if (selected is null)
        {
            return new DmarcLookup(DmarcLookupStatus.None, from, organizational, null, null, null, null);
        }
        if (!DmarcRecord.TryParse(selected, out var record, out var error))
        {
            return new DmarcLookup(DmarcLookupStatus.PermError, from, organizational, domain, selected, null, error);
        }
        return new DmarcLookup(DmarcLookupStatus.Found, from, organizational, domain, selected, record, null);
    }

    private static bool IsQueryable(string domain)
    {
        if (domain.Length == 0 || domain.Length > 245)
        {
            return false; // "_dmarc." plus the name must fit in 253 characters
        }
        foreach (var range in domain.AsSpan().Split('.'))
        {
            int length = range.End.Value - range.Start.Value;
            if (length == 0 || length > 63)
            {
                return false;
            }
        }
        return true;
    }
}
