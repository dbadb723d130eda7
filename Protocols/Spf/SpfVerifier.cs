using System.Net;

namespace Sift.Protocols.Spf;

/// <summary>
/// The SMTP-facing entry point: given the envelope (MAIL FROM, client address, HELO) it checks
/// the MAIL FROM identity, or postmaster@helo when MAIL FROM is empty, and the HELO identity
/// (RFC 7208 §2.3–§2.4), and words the outcome like <c>md_spf_verify</c>.
/// </summary>
public sealed class SpfVerifier
{
    private readonly SpfEvaluator _evaluator;

    /// <summary>Creates a verifier over a resolver.</summary>
    /// <param name="resolver">The DNS lookups.</param>
    /// <param name="options">Evaluation limits and the receiver name.</param>
    /// <param name="logger">Receives temperror/permerror details at Debug.</param>
    public SpfVerifier(ISpfDnsResolver resolver, SpfEvaluatorOptions? options = null, Microsoft.Extensions.Logging.ILogger? logger = null)
        : this(new SpfEvaluator(resolver, options, logger))
    {
    }

    /// <summary>Creates a verifier over an existing evaluator.</summary>
    /// <param name="evaluator">The check_host() implementation.</param>
    public SpfVerifier(SpfEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        _evaluator = evaluator;
    }

    /// <summary>Checks an envelope. Never throws for bad input: an unusable address answers <c>invalid</c>.</summary>
    /// <param name="mailFrom">The MAIL FROM address, with or without angle brackets; empty or null for a bounce.</param>
    /// <param name="relayIp">The client's address as text.</param>
    /// <param name="helo">The HELO/EHLO name, optional.</param>
    /// <param name="cancellationToken">Stops the lookups.</param>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires.</exception>
    public async ValueTask<SpfVerification> SpfVerifyAsync(
        string? mailFrom, string relayIp, string? helo = null, CancellationToken cancellationToken = default)
    {
        var from = (mailFrom ?? string.Empty).Trim().TrimStart('<').TrimEnd('>').Trim();
        helo = string.IsNullOrWhiteSpace(helo) ? null : helo.Trim();
        // An address literal ([192.0.2.1]) or a bare address is not a name SPF can check.
        bool heloUsable = helo is not null && helo.IndexOfAny(['[', ']', ':']) < 0 && !IPAddress.TryParse(helo, out _)
            && SpfEvaluator.IsValidDomain(SpfEvaluator.NormalizeDomain(helo));
        string identity = from.Length == 0 ? "helo" : "mailfrom";
        string sender = from.Length == 0 ? "postmaster@" + (helo ?? string.Empty) : from;
        int at = sender.LastIndexOf('@');
        string domain = at >= 0 ? sender[(at + 1)..] : sender;

        if (!IPAddress.TryParse(relayIp?.Trim().Trim('[', ']'), out var ip))
        {
            return Invalid($"'{relayIp}' is not an IP address", identity, sender, domain, null, helo);
        }
        if (from.Length == 0 && helo is null)
        {
            return Invalid("no MAIL FROM and no HELO name to check", identity, sender, domain, ip, helo);
        }

        // A bounce is checked as postmaster@helo even when the name is unusable: check_host()
        // answers "none" for it at once (RFC 7208 §4.3). The separate HELO check needs a real name.
        Task<SpfCheckResult>? heloTask = heloUsable || from.Length == 0
            ? _evaluator.CheckHostAsync(ip, helo!, "postmaster@" + helo, helo, cancellationToken).AsTask()
            : null;
        SpfCheckResult check = from.Length == 0
            ? await heloTask!.ConfigureAwait(false)
            : await _evaluator.CheckHostAsync(ip, domain, sender, helo, cancellationToken).ConfigureAwait(false);
        SpfCheckResult? heloCheck = heloTask is null ? null : await heloTask.ConfigureAwait(false);

        return new SpfVerification(
            check.Result.ToKeyword(), SpfHeaders.Explain(check, sender, ip),
            heloCheck?.Result.ToKeyword(), heloCheck is null ? null : SpfHeaders.Explain(heloCheck, "postmaster@" + helo, ip),
            check.Record, heloCheck?.Record, identity, sender, check.Domain, ip, helo, check, heloCheck);
    }

    private static SpfVerification Invalid(string why, string identity, string sender, string domain, IPAddress? ip, string? helo)
        => new("invalid", why, null, null, null, null, identity, sender, domain, ip, helo, null, null);
}
