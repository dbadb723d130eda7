using System.Net;
using Microsoft.Extensions.Logging;
using Sift.Engine.Checks;
using Sift.Engine.Compat;
using Sift.Engine.Configuration;
using Sift.Engine.Results;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Dns.Lookups;
using Sift.Protocols.Rspamd;
using Sift.Protocols.Spf;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Backends;

/// <summary>Extras for <see cref="ConfiguredEngine.Create"/>.</summary>
public sealed record ConfiguredEngineOptions
{
    /// <summary>The clock of the engine and of upstream health (virtual in tests). Default: system time.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the engine and its clients log. Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Custom kinds the policy may use besides the built-in ones (they receive a <see cref="MessageContext"/>).</summary>
    public IReadOnlyList<CheckKind> CustomKinds { get; init; } = [];

    /// <summary>The Public Suffix List for DMARC. Default: <see cref="PublicSuffixList.Default"/>.</summary>
    public PublicSuffixList? PublicSuffixes { get; init; }
}

/// <summary>
/// A <see cref="FilterEngine"/> built from a configuration: its options from <c>sift.engine</c>
/// and <c>sift.scoring</c>, its kinds over the backends of <c>sift.dns</c> and
/// <c>sift.backends</c>, and the check policy of <c>sift.checks</c>, so that a HOCON file fully
/// describes what a message goes through. Also offers the Mail::MIMEDefang-style drop-in calls
/// over the same backends.
/// </summary>
public sealed class ConfiguredEngine : IAsyncDisposable
{
    private readonly SpfVerifier? _spf;
    private readonly DmarcDiscovery? _dmarc;

    private ConfiguredEngine(FilterEngine engine, SiftBackends backends, CheckPolicy policy, PublicSuffixList? suffixes)
    {
        Engine = engine;
        Backends = backends;
        Policy = policy;
        if (backends.Dns is { } dns)
        {
            _spf = new SpfVerifier(new SpfDnsAdapter(dns));
            _dmarc = new DmarcDiscovery(new SpfDnsAdapter(dns), suffixes ?? PublicSuffixList.Default);
        }
    }

    /// <summary>The engine.</summary>
    public FilterEngine Engine { get; }

    /// <summary>The backends.</summary>
    public SiftBackends Backends { get; }

    /// <summary>The configured checks.</summary>
    public CheckPolicy Policy { get; }

    /// <summary>Builds the engine a configuration describes; every problem stops it here, with the entry named.</summary>
    /// <exception cref="SiftConfigurationException">A bad check, address or value.</exception>
    public static ConfiguredEngine Create(SiftOptions options, ConfiguredEngineOptions? extras = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        extras ??= new ConfiguredEngineOptions();
        var policy = CheckPolicy.FromOptions(options, extras.CustomKinds.Select(k => k.Name));
        var engineOptions = ToEngineOptions(options, extras);
        try
        {
            engineOptions.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new SiftConfigurationException("sift.engine / sift.scoring: " + e.Message, e);
        }
        var backends = SiftBackends.Create(options, extras.TimeProvider, extras.LoggerFactory);
        var engine = new FilterEngine(engineOptions);
        try
        {
            backends.RegisterKinds(engine, extras.PublicSuffixes);
            foreach (var kind in extras.CustomKinds)
            {
                engine.RegisterKind(kind);
            }
        }
        catch
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            backends.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return new ConfiguredEngine(engine, backends, policy, extras.PublicSuffixes);
    }

    /// <summary>The engine's options from <c>sift.engine</c> and <c>sift.scoring</c>.</summary>
    public static FilterEngineOptions ToEngineOptions(SiftOptions options, ConfiguredEngineOptions? extras = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var e = options.Engine;
        return new FilterEngineOptions
        {
            MaxConcurrency = e.MaxConcurrency,
            GlobalTimeout = e.GlobalTimeout,
            DnsTimeout = e.DnsTimeout,
            SocketTimeout = e.SocketTimeout,
            MinTimeoutFactor = e.TimeoutMinRatio,
            EarlyExit = e.EarlyVerdict,
            RejectAt = options.Scoring.RejectAt,
            TempfailAt = options.Scoring.TempfailAt,
            TimeProvider = extras?.TimeProvider,
            LoggerFactory = extras?.LoggerFactory,
        };
    }

    /// <summary>Runs the configured checks on one message, with a fresh DNS request budget.</summary>
    public Task<BatchResult> CheckAsync(MessageContext message, CancellationToken cancellationToken = default) =>
        Engine.RunChecksAsync(Policy.ChecksFor(message), cancellationToken);

    /// <summary><c>relay_is_blacklisted</c> over the configured DNS client.</summary>
    /// <exception cref="InvalidOperationException">No nameserver is configured.</exception>
    public Task<BlacklistResult> RelayIsBlacklistedAsync(string ip, string zone, CancellationToken ct = default) =>
        MimeDefangDns.RelayIsBlacklistedAsync(RequireDns(), ip, zone, ct);

    /// <summary><c>email_is_blacklisted</c> over the configured DNS client.</summary>
    /// <exception cref="InvalidOperationException">No nameserver is configured.</exception>
    public Task<BlacklistResult> EmailIsBlacklistedAsync(string email, string zone, string hash = "md5", CancellationToken ct = default) =>
        MimeDefangDns.EmailIsBlacklistedAsync(RequireDns(), email, zone, hash, ct);

    /// <summary><c>md_spf_verify</c> over the configured DNS client.</summary>
    /// <exception cref="InvalidOperationException">No nameserver is configured.</exception>
    public ValueTask<SpfVerification> SpfVerifyAsync(string? mailFrom, string relayIp, string? helo = null, CancellationToken ct = default) =>
        (_spf ?? throw NoDns()).SpfVerifyAsync(mailFrom, relayIp, helo, ct);

    /// <summary><c>md_get_dmarc_record</c>: the DMARC record that applies to <paramref name="domain"/>, or null.</summary>
    /// <exception cref="InvalidOperationException">No nameserver is configured.</exception>
    public ValueTask<string?> DmarcVerifyAsync(string domain, CancellationToken ct = default) =>
        (_dmarc ?? throw NoDns()).DmarcVerifyAsync(domain, ct);

    /// <summary><c>message_contains_virus_clamd</c>: the message streamed (INSTREAM) to the configured clamd upstreams.</summary>
    /// <exception cref="InvalidOperationException">No clamd upstream is configured.</exception>
    public async Task<MimeDefangVirusResult> MessageContainsVirusClamdAsync(MessageContent message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var clamd = Backends.Clamd ?? throw new InvalidOperationException("no clamd upstream is configured (sift.backends.clamd.upstreams)");
        try
        {
            var scan = await clamd.ExecuteAsync(async (client, token) =>
            {
                await using var stream = message.OpenRead();
                return await client.ScanStreamAsync(stream, token).ConfigureAwait(false);
            }, ct, ScannerCheckKinds.IsUpstreamFailure).ConfigureAwait(false);
            return MimeDefangClamav.FromScan(scan);
        }
        catch (Protocols.Clamd.ClamdProtocolException e)
        {
            return MimeDefangClamav.FromFailure(e);
        }
        catch (Protocols.Net.UpstreamUnavailableException e)
        {
            return MimeDefangVirusResult.CannotExecute(e.Message);
        }
    }

    /// <summary><c>md_spamc_check</c> over the configured spamd upstreams: (score, threshold, report, isspam), or null.</summary>
    /// <exception cref="InvalidOperationException">No spamd upstream is configured.</exception>
    public async Task<(double Score, double Threshold, string Report, bool IsSpam)?> SpamcCheckAsync(MessageContent message, string? user = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var spamd = Backends.Spamd ?? throw new InvalidOperationException("no spamd upstream is configured (sift.backends.spamd.upstreams)");
        try
        {
            return await spamd.ExecuteAsync(async (client, token) =>
            {
                await using var stream = message.OpenRead();
                var r = await client.ReportAsync(stream, user, token).ConfigureAwait(false);
                return ((double Score, double Threshold, string Report, bool IsSpam)?)(r.Score, r.Threshold, r.Report ?? "", r.IsSpam);
            }, ct, ScannerCheckKinds.IsUpstreamFailure).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SpamcProtocolException or SpamcCommandException or TimeoutException or Protocols.Net.UpstreamUnavailableException)
        {
            return null;
        }
    }

    /// <summary><c>rspamd_check</c> over the configured rspamd upstreams.</summary>
    /// <exception cref="InvalidOperationException">No rspamd upstream is configured.</exception>
    public async Task<(double Hits, double Required, string Tests, string Report, string Action, bool IsSpam)> RspamdCheckAsync(
        MessageContent message, RspamdEnvelope? envelope = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rspamd = Backends.Rspamd ?? throw new InvalidOperationException("no rspamd upstream is configured (sift.backends.rspamd.upstreams)");
        try
        {
            return await rspamd.ExecuteAsync(async (client, token) =>
            {
                await using var stream = message.OpenRead();
                return await MimeDefangAntispam.RspamdCheckAsync(client, stream, envelope, token).ConfigureAwait(false);
            }, ct, static _ => false).ConfigureAwait(false);
        }
        catch (Protocols.Net.UpstreamUnavailableException)
        {
            return MimeDefangAntispam.RspamdUnavailable;
        }
    }

    /// <summary>Stops the engine, then closes the backends.</summary>
    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        await Backends.DisposeAsync().ConfigureAwait(false);
    }

    private Protocols.Dns.DnsClient RequireDns() => Backends.Dns ?? throw NoDns();

    private static InvalidOperationException NoDns() => new("no DNS server is configured (sift.dns.nameservers)");
}
