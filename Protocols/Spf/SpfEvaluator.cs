using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sift.Protocols.Spf;

/// <summary>
/// check_host() of RFC 7208 over an injected <see cref="ISpfDnsResolver"/>: every DNS step is
/// awaited, limits (10 DNS terms, 2 void lookups, 10 MX/PTR names) are enforced, and expected
/// failures are results, never exceptions. Thread-safe; one instance serves any number of checks.
/// </summary>
public sealed partial class SpfEvaluator
{
    private readonly ISpfDnsResolver _resolver;
    private readonly SpfEvaluatorOptions _options;
    private readonly SpfRecordCache _records;
    private readonly ILogger _logger;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="resolver">The DNS lookups.</param>
    /// <param name="options">Limits and the receiver name; defaults follow RFC 7208.</param>
    /// <param name="logger">Receives temperror/permerror details at Debug.</param>
    public SpfEvaluator(ISpfDnsResolver resolver, SpfEvaluatorOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _options = options ?? new SpfEvaluatorOptions();
        _records = new SpfRecordCache(_options.ParsedRecordCacheSize);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The limits in force.</summary>
    public SpfEvaluatorOptions Options => _options;

    /// <summary>check_host(ip, domain, sender) (RFC 7208 §4).</summary>
    /// <param name="ip">The SMTP client's address; an IPv4-mapped IPv6 address is checked as IPv4.</param>
    /// <param name="domain">The domain to check: the MAIL FROM domain, or the HELO name.</param>
    /// <param name="sender">The MAIL FROM address, or <c>postmaster@helo</c>; an empty local-part becomes postmaster.</param>
    /// <param name="helo">The HELO/EHLO name for <c>%{h}</c>.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires.</exception>
    public async ValueTask<SpfCheckResult> CheckHostAsync(
        IPAddress ip, string domain, string sender, string? helo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ip);
        ArgumentNullException.ThrowIfNull(domain);
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        domain = NormalizeDomain(domain);
        SplitSender(sender, domain, out var local, out var senderDomain);
        var state = new EvaluationState(ip, local, senderDomain, helo ?? "unknown", cancellationToken);

        if (!IsValidDomain(domain))
        {
            return Result(state, SpfResult.None, domain, null, null, null, "the domain is not a valid multi-label name");
        }
        var outcome = await CheckAsync(domain, state, wantExplanation: true).ConfigureAwait(false);
        if (outcome.Result is SpfResult.TempError or SpfResult.PermError)
        {
            SpfLog.CheckError(_logger, outcome.Result.ToKeyword(), domain, ip, outcome.Problem);
        }
        return Result(state, outcome.Result, domain, outcome.Record, outcome.Mechanism, outcome.Explanation, outcome.Problem);
    }

    private static SpfCheckResult Result(EvaluationState state, SpfResult result, string domain, string? record,
        string? mechanism, string? explanation, string? problem)
        => new(result, domain, record, mechanism, explanation, problem, state.DnsTerms, state.VoidLookups);

    /// <summary>What one level of check_host() produced.</summary>
    private readonly record struct Outcome(SpfResult Result, string? Record, string? Mechanism, string? Explanation, string? Problem)
    {
        public static Outcome Error(SpfResult result, string problem, string? record = null) => new(result, record, null, null, problem);
    }

    /// <summary>Per-check counters and the values macros need.</summary>
    private sealed class EvaluationState(IPAddress ip, string local, string senderDomain, string helo, CancellationToken token)
    {
        public IPAddress Ip { get; } = ip;
        public string Local { get; } = local;
        public string SenderDomain { get; } = senderDomain;
        public string Sender { get; } = local + "@" + senderDomain;
        public string Helo { get; } = helo;
        public CancellationToken Token { get; } = token;
        public int DnsTerms { get; set; }
        public int VoidLookups { get; set; }
        public List<string>? ValidatedNames { get; set; }
        public SpfMacroContext? Context { get; set; }
        public bool ContextHasName { get; set; }
    }

    private async ValueTask<Outcome> CheckAsync(string domain, EvaluationState state, bool wantExplanation)
    {
        var txt = await _resolver.LookupTxtAsync(domain, state.Token).ConfigureAwait(false);
        if (txt.Status == DnsLookupStatus.NXDomain)
        {
            return new Outcome(SpfResult.None, null, null, null, null);
        }
        if (txt.IsFailure)
        {
            return Outcome.Error(SpfResult.TempError, $"DNS {txt.Status} looking up TXT {domain}");
        }

        string? text = null;
        foreach (var candidate in txt.Records)
        {
            if (!SpfRecord.IsSpf1(candidate))
            {
                continue;
            }
            if (text is not null)
            {
                return Outcome.Error(SpfResult.PermError, $"{domain} publishes more than one v=spf1 record");
            }
            text = candidate;
        }
        if (text is null)
        {
            return new Outcome(SpfResult.None, null, null, null, null);
        }
        if (!_records.TryParse(text, out var record, out var syntaxError))
        {
            return Outcome.Error(SpfResult.PermError, $"syntax error in the record of {domain}: {syntaxError}", text);
        }

        foreach (var mechanism in record!.Mechanisms)
        {
            if (mechanism.CountsTowardLookupLimit && ++state.DnsTerms > _options.MaxDnsMechanisms)
            {
                return new Outcome(SpfResult.PermError, text, mechanism.Text, null, $"more than {_options.MaxDnsMechanisms} DNS-querying terms");
            }
            var match = await MatchAsync(mechanism, domain, state).ConfigureAwait(false);
            if (match.Error is { } error)
            {
                return new Outcome(error.Result, text, mechanism.Text, null, error.Problem);
            }
            if (!match.Matched)
            {
                continue;
            }
            var result = mechanism.MatchResult;
            string? explanation = result == SpfResult.Fail && wantExplanation
                ? await ExplainAsync(record, domain, state).ConfigureAwait(false)
                : null;
            return new Outcome(result, text, mechanism.Text, explanation, null);
        }

        if (record.Redirect is not null)
        {
            return await RedirectAsync(record, domain, state, wantExplanation).ConfigureAwait(false);
        }
        return new Outcome(SpfResult.Neutral, text, null, null, null);
    }

    private async ValueTask<Outcome> RedirectAsync(SpfRecord record, string domain, EvaluationState state, bool wantExplanation)
    {
        if (++state.DnsTerms > _options.MaxDnsMechanisms)
        {
            return Outcome.Error(SpfResult.PermError, $"more than {_options.MaxDnsMechanisms} DNS-querying terms", record.Text);
        }
        var target = await ExpandDomainAsync(record.Redirect!, domain, state).ConfigureAwait(false);
        if (target.Error is not null)
        {
            return Outcome.Error(SpfResult.PermError, target.Error, record.Text);
        }
        if (!IsQueryable(target.Name!))
        {
            return Outcome.Error(SpfResult.PermError, $"redirect to an invalid domain '{target.Name}'", record.Text);
        }
        // The target's record replaces this one entirely, its exp= included (RFC 7208 §6.1).
        var outcome = await CheckAsync(target.Name!, state, wantExplanation).ConfigureAwait(false);
        if (outcome.Result == SpfResult.None)
        {
            return Outcome.Error(SpfResult.PermError, $"redirect target {target.Name} has no SPF record", record.Text);
        }
        return outcome with { Record = record.Text };
    }

    private async ValueTask<string?> ExplainAsync(SpfRecord record, string domain, EvaluationState state)
    {
        if (record.Explanation is null)
        {
            return null;
        }
        // Any problem with exp= means "as if there were no exp=" (RFC 7208 §6.2).
        var target = await ExpandDomainAsync(record.Explanation, domain, state).ConfigureAwait(false);
        if (target.Error is not null || !IsQueryable(target.Name!))
        {
            return null;
        }
        var txt = await _resolver.LookupTxtAsync(target.Name!, state.Token).ConfigureAwait(false);
        if (txt.Status != DnsLookupStatus.NoError || txt.Records.Count != 1)
        {
            return null;
        }
        var text = txt.Records[0];
        var context = await ContextAsync(domain, state, text).ConfigureAwait(false);
        return SpfMacro.TryExpand(text, context, isExplanation: true, out var expanded, out _) ? expanded : null;
    }

    private readonly record struct Target(string? Name, string? Error);

    /// <summary>Expands a domain-spec and shortens it to 253 characters from the left (RFC 7208 §7.3).</summary>
    private async ValueTask<Target> ExpandDomainAsync(string spec, string domain, EvaluationState state)
    {
        var context = await ContextAsync(domain, state, spec).ConfigureAwait(false);
        if (!SpfMacro.TryExpand(spec, context, isExplanation: false, out var expanded, out var error))
        {
            return new Target(null, error);
        }
        expanded = NormalizeDomain(expanded);
        while (expanded.Length > 253)
        {
            int dot = expanded.IndexOf('.');
            expanded = dot < 0 ? string.Empty : expanded[(dot + 1)..];
        }
        return new Target(expanded, null);
    }

    private async ValueTask<SpfMacroContext> ContextAsync(string domain, EvaluationState state, string macroText)
    {
        bool needsName = SpfMacro.UsesValidatedName(macroText);
        if (state.Context is { } cached && string.Equals(cached.Domain, domain, StringComparison.Ordinal)
            && (!needsName || state.ContextHasName))
        {
            return cached; // most records expand several macros against the same domain
        }
        string validated = needsName ? await ValidatedNameAsync(domain, state).ConfigureAwait(false) : "unknown";
        state.Context = new SpfMacroContext(state.Sender, state.Local, state.SenderDomain, domain, state.Ip, state.Helo,
            validated, _options.Receiver, _options.Time.GetUtcNow().ToUnixTimeSeconds());
        state.ContextHasName = needsName;
        return state.Context;
    }

    internal static string NormalizeDomain(string domain)
        => domain.Length > 0 && domain[^1] == '.' ? domain[..^1] : domain;

    /// <summary>
    /// RFC 7208 §4.3, for the domain check_host() starts from: labels of 1–63 characters, at
    /// least two of them, at most 253 characters, and no address literal ([192.0.2.1]).
    /// </summary>
    internal static bool IsValidDomain(string domain)
        => domain.AsSpan().IndexOfAny("[]:") < 0 && IsQueryable(domain);

    /// <summary>
    /// Whether a name built from a domain-spec can be looked up: the label and length rules only,
    /// since a domain-spec may hold any visible character (a:foo:bar/baz.example.com is legal).
    /// </summary>
    internal static bool IsQueryable(string domain)
    {
        if (domain.Length == 0 || domain.Length > 253 || domain.IndexOf('.') < 0)
        {
            return false;
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

    private static void SplitSender(string sender, string domain, out string local, out string senderDomain)
    {
        int at = sender.LastIndexOf('@');
        local = at > 0 ? sender[..at] : "postmaster";
        senderDomain = NormalizeDomain(at >= 0 ? sender[(at + 1)..] : sender);
        if (senderDomain.Length == 0)
        {
            senderDomain = domain;
        }
    }

    private static bool IsIPv6(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetworkV6;
}
