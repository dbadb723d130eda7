using System.Globalization;
using System.Net;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Protocols.Dns.Lookups;
using Sift.Protocols.Process;

namespace Sift.Engine.Backends;

/// <summary>One validated entry of <c>sift.checks</c>.</summary>
/// <param name="Name">The entry's name (the check's name in results).</param>
/// <param name="Options">The entry as configured.</param>
/// <param name="Codes">Blocklists: the listing codes that count (empty: any).</param>
/// <param name="ExitCodes">Process checks: the exit-code map.</param>
public sealed record ConfiguredCheck(string Name, CheckOptions Options, IReadOnlyList<IPAddress> Codes, ExitCodeMap? ExitCodes);

/// <summary>
/// A check policy read from configuration (<c>sift.checks</c>): validated once at start — an
/// unknown kind, a blocklist without zone, a process without argv, a scanner kind without
/// upstreams or a DNS kind without nameserver stop the start with a message naming the entry —
/// then turned into the <see cref="CheckSpec"/>s of each message.
/// </summary>
public sealed class CheckPolicy
{
    /// <summary>The kinds a policy may use besides custom ones.</summary>
    public static readonly IReadOnlySet<string> BuiltInKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        CheckKinds.Dns, CheckKinds.Dnsbl, CheckKinds.Rhsbl, CheckKinds.Hashbl, CheckKinds.Rdns, CheckKinds.Spf, DnsCheckKinds.SpfTxt,
        CheckKinds.Dmarc, CheckKinds.Clamd, CheckKinds.Spamc, CheckKinds.Rspamd, CheckKinds.Process,
    };

    private static readonly HashSet<string> DnsKinds = new(StringComparer.Ordinal)
    {
        CheckKinds.Dns, CheckKinds.Dnsbl, CheckKinds.Rhsbl, CheckKinds.Hashbl, CheckKinds.Rdns, CheckKinds.Spf, DnsCheckKinds.SpfTxt, CheckKinds.Dmarc,
    };

    private readonly TimeSpan _processTimeout;
    private readonly int _maxProcessOutput;
    private readonly int _dnsBudget;

    private CheckPolicy(IReadOnlyList<ConfiguredCheck> checks, SiftOptions options)
    {
        Checks = checks;
        _processTimeout = options.Engine.SocketTimeout;
        _maxProcessOutput = (int)Math.Clamp(options.Limits.MaxProcessOutput, 1024, int.MaxValue);
        _dnsBudget = Math.Max(1, options.Dns.MaxQueriesPerMessage);
    }

    /// <summary>The enabled checks, in configuration order.</summary>
    public IReadOnlyList<ConfiguredCheck> Checks { get; }

    /// <summary>Validates <c>sift.checks</c>.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="customKinds">Kinds registered by the application besides the built-in ones.</param>
    /// <exception cref="SiftConfigurationException">One line per bad entry.</exception>
    public static CheckPolicy FromOptions(SiftOptions options, IEnumerable<string>? customKinds = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var custom = new HashSet<string>(customKinds ?? [], StringComparer.Ordinal);
        var problems = new List<string>();
        var checks = new List<ConfiguredCheck>();
        foreach (var (name, o) in options.Checks)
        {
            if (!o.Enabled)
            {
                continue;
            }
            var where = $"sift.checks.{name}";
            var count = problems.Count;
            var kind = o.Kind;
            if (string.IsNullOrWhiteSpace(kind))
            {
                problems.Add($"{where}: no kind (one of {string.Join(", ", BuiltInKinds.Order(StringComparer.Ordinal))} or a custom kind)");
                continue;
            }
            if (!BuiltInKinds.Contains(kind) && !custom.Contains(kind))
            {
                problems.Add($"{where}: unknown kind '{kind}' (known: {string.Join(", ", BuiltInKinds.Concat(custom).Order(StringComparer.Ordinal))})");
                continue;
            }
            if (o.OnError is not ("open" or "closed"))
            {
                problems.Add($"{where}.on-error: '{o.OnError}' is neither open nor closed");
            }
            if (o.Timeout < TimeSpan.Zero)
            {
                problems.Add($"{where}.timeout: must not be negative");
            }
            if (kind is CheckKinds.Dnsbl or CheckKinds.Rhsbl or CheckKinds.Hashbl && string.IsNullOrWhiteSpace(o.Zone))
            {
                problems.Add($"{where}: a {kind} check needs a zone (zone = \"zen.example.org\")");
            }
            if (DnsKinds.Contains(kind) && options.Dns.Nameservers.Count == 0)
            {
                problems.Add($"{where}: a {kind} check needs a DNS server (sift.dns.nameservers)");
            }
            if (kind == CheckKinds.Dns && string.IsNullOrWhiteSpace(o.Query))
            {
                problems.Add($"{where}: a dns check needs a query (query = \"{{ip-reversed}}.list.example\")");
            }
            if (kind == CheckKinds.Dns && !DnsLookup.TryParseType(o.Type, out _))
            {
                problems.Add($"{where}.type: unknown record type '{o.Type}'");
            }
            if (kind == CheckKinds.Hashbl && !HashKey.TryParse(o.Hash, out _))
            {
                problems.Add($"{where}.hash: '{o.Hash}' is not md5, sha1 or sha256");
            }
            if (o.Target is not ("" or "from-domain" or "from" or "helo"))
            {
                problems.Add($"{where}.target: '{o.Target}' is not from-domain, from or helo");
            }
            if (kind == CheckKinds.Process && (o.Argv.Count == 0 || string.IsNullOrWhiteSpace(o.Argv[0])))
            {
                problems.Add($"{where}: a process check needs argv (argv = [\"/usr/bin/program\", \"--flag\"])");
            }
            var backend = kind switch
            {
                CheckKinds.Clamd => options.Backends.Clamd,
                CheckKinds.Spamc => options.Backends.Spamd,
                CheckKinds.Rspamd => (BackendOptions)options.Backends.Rspamd,
                _ => null,
            };
            if (backend is { Upstreams.Count: 0 })
            {
                var section = kind == CheckKinds.Spamc ? "spamd" : kind;
                problems.Add($"{where}: a {kind} check needs sift.backends.{section}.upstreams");
            }
            IReadOnlyList<IPAddress> codes = [];
            ExitCodeMap? exitCodes = null;
            try
            {
                if (kind == CheckKinds.Process)
                {
                    exitCodes = ExitCodes(o.Codes);
                }
                else if (o.Codes.Count > 0)
                {
                    codes = DnsCheckKinds.ParseCodes(o.Codes);
                }
            }
            catch (FormatException e)
            {
                problems.Add($"{where}.codes: {e.Message}");
            }
            if (problems.Count == count)
            {
                checks.Add(new ConfiguredCheck(name, o, codes, exitCodes));
            }
        }
        if (problems.Count > 0)
        {
            throw new SiftConfigurationException(string.Join(Environment.NewLine, problems));
        }
        return new CheckPolicy(checks, options);
    }

    /// <summary>A fresh request budget for one message (<c>sift.dns.max-queries-per-message</c>).</summary>
    public DnsRequestBudget NewBudget() => new(_dnsBudget);

    /// <summary>
    /// The checks of one message. A check whose input is missing is left out: content checks
    /// without content, sender-domain checks for the null sender, HELO checks without HELO.
    /// </summary>
    /// <param name="message">The envelope and content.</param>
    /// <param name="budget">The message's DNS budget; null: a fresh one.</param>
    public IReadOnlyList<CheckSpec> ChecksFor(MessageContext message, DnsRequestBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        budget ??= NewBudget();
        var specs = new List<CheckSpec>(Checks.Count);
        foreach (var check in Checks)
        {
            if (Build(check, message, budget) is { } spec)
            {
                var o = check.Options;
                spec = spec.WithWeight(o.Weight) with { Stage = o.Stage };
                if (o.OnError == "closed") spec = spec.FailClosed();
                if (o.Timeout > TimeSpan.Zero) spec = spec.WithTimeout(o.Timeout);
                specs.Add(spec);
            }
        }
        return specs;
    }

    private CheckSpec? Build(ConfiguredCheck check, MessageContext m, DnsRequestBudget budget)
    {
        var o = check.Options;
        var name = check.Name;
        CheckSpec? Dns(string kind, object? query) =>
            query is null ? null : new CheckSpec(name, kind, new DnsCheckParameters(query, budget, check.Codes));
        string? Target(string fallback) => (o.Target.Length == 0 ? fallback : o.Target) switch
        {
            "helo" => NonEmpty(m.Helo),
            "from" => NonEmpty(m.From?.Trim().TrimStart('<').TrimEnd('>')),
            _ => m.FromDomain,
        };
        switch (o.Kind)
        {
            case CheckKinds.Dnsbl:
                return Dns(o.Kind, new DnsblQuery(m.ClientAddress, o.Zone));
            case CheckKinds.Rhsbl:
                return Dns(o.Kind, Target("from-domain") is { } domain ? new RhsblQuery(domain, o.Zone) : null);
            case CheckKinds.Hashbl:
                return Dns(o.Kind, Target("from") is { } value ? new HashblQuery(value, o.Zone, Algorithm(o.Hash)) : null);
            case CheckKinds.Rdns:
                return Dns(o.Kind, new RdnsQuery(m.ClientAddress));
            case CheckKinds.Spf:
                return Dns(o.Kind, new SpfQuery(m.ClientAddress, m.From ?? "", m.Helo ?? ""));
            case DnsCheckKinds.SpfTxt:
                return Dns(o.Kind, Target("from-domain") is { } txtDomain ? new SpfTxtQuery(txtDomain) : null);
            case CheckKinds.Dmarc:
                return Dns(o.Kind, Target("from-domain") is { } dmarcDomain ? new DmarcQuery(dmarcDomain) : null);
            case CheckKinds.Dns:
                return Dns(o.Kind, Fill(o.Query, m) is { } owner ? new DnsQuery(owner, o.Type) : null);
            case CheckKinds.Clamd:
                return m.Content is { } clamd ? new CheckSpec(name, o.Kind, new ClamdScan(clamd)) : null;
            case CheckKinds.Spamc:
                return m.Content is { } spamc ? new CheckSpec(name, o.Kind, new SpamcScan(spamc)) : null;
            case CheckKinds.Rspamd:
                return m.Content is { } rspamd ? new CheckSpec(name, o.Kind, new RspamdScan(rspamd, m.Envelope)) : null;
            case CheckKinds.Process:
                var run = new ProcessRunOptions
                {
                    FileName = o.Argv[0],
                    Arguments = o.Argv.Skip(1).Select(a => Fill(a, m) ?? "").ToArray(),
                    Timeout = o.Timeout > TimeSpan.Zero ? o.Timeout : _processTimeout,
                    MaxStdoutBytes = _maxProcessOutput,
                    ExitCodes = check.ExitCodes ?? ExitCodeMap.ZeroIsClean,
                };
                return new CheckSpec(name, o.Kind, new ProcessRun(run, m.Content));
            default:
                return new CheckSpec(name, o.Kind, m);
        }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static HashblAlgorithm Algorithm(string hash) => hash.ToLowerInvariant() switch
    {
        "md5" => HashblAlgorithm.Md5,
        "sha1" => HashblAlgorithm.Sha1,
        _ => HashblAlgorithm.Sha256,
    };

    /// <summary>Fills {ip}, {ip-reversed}, {helo}, {from}, {from-domain}; null when a placeholder has no value.</summary>
    private static string? Fill(string template, MessageContext m)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }
        var values = new (string Key, string? Value)[]
        {
            ("{ip-reversed}", ReverseName.Labels(m.ClientAddress)),
            ("{ip}", m.ClientAddress.ToString()),
            ("{helo}", NonEmpty(m.Helo)),
            ("{from-domain}", m.FromDomain),
            ("{from}", NonEmpty(m.From?.Trim().TrimStart('<').TrimEnd('>'))),
        };
        foreach (var (key, value) in values)
        {
            if (template.Contains(key, StringComparison.Ordinal))
            {
                if (value is null) return null;
                template = template.Replace(key, value, StringComparison.Ordinal);
            }
        }
        return template;
    }

    private static ExitCodeMap ExitCodes(IEnumerable<string> hitCodes)
    {
        var map = new Dictionary<int, ExitVerdict> { [0] = ExitVerdict.Clean };
        foreach (var text in hitCodes)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) || code is < 0 or > 255)
            {
                throw new FormatException($"'{text}' is not an exit code (0-255)");
            }
            map[code] = ExitVerdict.Hit;
        }
        return new ExitCodeMap(map);
    }
}
