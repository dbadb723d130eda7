using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Protocols.Clamd;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Dns;
using Sift.Protocols.Net;
using Sift.Protocols.Process;
using Sift.Protocols.Rspamd;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Backends;

/// <summary>
/// The backends a configuration names (<c>sift.dns</c>, <c>sift.backends.*</c>): one DNS client,
/// an <see cref="UpstreamSet{TClient}"/> per scanner kind with its health rules, and a process
/// runner; and the check kinds over them. A backend without configured servers is null and its
/// kinds are not created.
/// </summary>
public sealed class SiftBackends : IAsyncDisposable
{
    private readonly SiftOptions _options;

    private SiftBackends(SiftOptions options, DnsClient? dns, UpstreamSet<ClamdClient>? clamd, UpstreamSet<SpamcClient>? spamd,
        UpstreamSet<RspamdClient>? rspamd, ProcessRunner processes)
    {
        _options = options;
        Dns = dns;
        Clamd = clamd;
        Spamd = spamd;
        Rspamd = rspamd;
        Processes = processes;
    }

    /// <summary>The DNS client; null when <c>sift.dns.nameservers</c> is empty.</summary>
    public DnsClient? Dns { get; }

    /// <summary>The clamd upstreams; null when none is configured.</summary>
    public UpstreamSet<ClamdClient>? Clamd { get; }

    /// <summary>The spamd upstreams; null when none is configured.</summary>
    public UpstreamSet<SpamcClient>? Spamd { get; }

    /// <summary>The rspamd upstreams; null when none is configured.</summary>
    public UpstreamSet<RspamdClient>? Rspamd { get; }

    /// <summary>Runs process checks.</summary>
    public ProcessRunner Processes { get; }

    /// <summary>Creates the clients a configuration names. Nothing is connected yet.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="time">The clock of upstream health (virtual in tests); null: system time.</param>
    /// <param name="loggerFactory">Where clients log; null: nowhere.</param>
    /// <exception cref="SiftConfigurationException">An address does not parse.</exception>
    public static SiftBackends Create(SiftOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        var problems = new List<string>();
        var timeout = options.Engine.SocketTimeout;
        var dns = CreateDns(options.Dns, logs, problems);
        var clamd = Upstreams(options.Backends.Clamd, "clamd", time, problems, a =>
            new ClamdClient(new ClamdClientOptions { Address = EndpointAddress.Parse(a), Timeout = timeout }, logs.CreateLogger<ClamdClient>()));
        var spamd = Upstreams(options.Backends.Spamd, "spamd", time, problems, a =>
            new SpamcClient(new SpamcClientOptions
            {
                EndPoint = SpamdAddress.Parse(a),
                Timeout = timeout,
                User = string.IsNullOrEmpty(options.Backends.Spamd.User) ? null : options.Backends.Spamd.User,
            }, logs.CreateLogger<SpamcClient>()));
        var rspamd = Upstreams(options.Backends.Rspamd, "rspamd", time, problems, a =>
            new RspamdClient(new RspamdClientOptions { Address = RspamdAddress(a), Timeout = timeout, MaxConnections = Math.Max(1, options.Backends.Rspamd.MaxInFlight) },
                logs.CreateLogger<RspamdClient>()));
        if (problems.Count > 0)
        {
            dns?.Dispose();
            throw new SiftConfigurationException(string.Join(Environment.NewLine, problems));
        }
        return new SiftBackends(options, dns, clamd, spamd, rspamd, new ProcessRunner(logs.CreateLogger<ProcessRunner>()));
    }

    /// <summary>The check kinds over the configured backends: the DNS kinds when a nameserver is set, a
    /// kind per configured scanner, and <c>process</c>.</summary>
    public IReadOnlyList<CheckKind> CreateKinds(PublicSuffixList? suffixes = null)
    {
        var kinds = new List<CheckKind>();
        if (Dns is not null)
        {
            kinds.AddRange(DnsCheckKinds.Create(Dns, suffixes));
        }
        var b = _options.Backends;
        if (Clamd is not null) kinds.Add(ScannerCheckKinds.Clamd(Clamd, b.Clamd.MaxInFlight));
        if (Spamd is not null) kinds.Add(ScannerCheckKinds.Spamc(Spamd, b.Spamd.MaxInFlight));
        if (Rspamd is not null) kinds.Add(ScannerCheckKinds.Rspamd(Rspamd, b.Rspamd.MaxInFlight, b.Rspamd.SettingsId));
        kinds.Add(ScannerCheckKinds.Process(Processes));
        return kinds;
    }

    /// <summary>Registers every kind of <see cref="CreateKinds"/> with <paramref name="engine"/>.</summary>
    /// <exception cref="InvalidOperationException">The engine already has a kind of the same name.</exception>
    public void RegisterKinds(FilterEngine engine, PublicSuffixList? suffixes = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var kind in CreateKinds(suffixes))
        {
            engine.RegisterKind(kind);
        }
    }

    /// <summary>Closes the DNS sockets and the rspamd connection pools.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Dns is not null)
        {
            await Dns.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var u in Rspamd?.Members ?? [])
        {
            u.Client.Dispose();
        }
    }

    /// <summary>rspamd upstreams may be written <c>host:port</c> like the others; its client wants a URL.</summary>
    private static string RspamdAddress(string address)
    {
        if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return address;
        }
        var endpoint = EndpointAddress.Parse(address);
        return endpoint.Kind == EndpointKind.Unix ? endpoint.ToString() : "http://" + endpoint;
    }

    private static DnsClient? CreateDns(DnsOptions o, ILoggerFactory logs, List<string> problems)
    {
        if (o.Nameservers.Count == 0)
        {
            return null;
        }
        var servers = new List<IPEndPoint>();
        foreach (var text in o.Nameservers)
        {
            if (NameServer.TryParse(text, out var endpoint)) servers.Add(endpoint);
            else problems.Add($"sift.dns.nameservers: '{text}' is not an IP address with an optional port");
        }
        if (servers.Count != o.Nameservers.Count)
        {
            return null;
        }
        return new DnsClient(new DnsClientOptions
        {
            Servers = servers,
            Timeout = o.Timeout,
            Attempts = Math.Max(1, o.Attempts),
            UdpSockets = Math.Max(1, o.Sockets),
            CacheEntries = Math.Max(0, o.CacheEntries),
            MaxCacheTtl = o.CacheMaxTtl,
        }, logs.CreateLogger<DnsClient>());
    }

    private static UpstreamSet<T>? Upstreams<T>(BackendOptions o, string name, TimeProvider? time, List<string> problems, Func<string, T> create)
    {
        if (o.Upstreams.Count == 0)
        {
            return null;
        }
        var members = new List<(string, T, int)>();
        for (var i = 0; i < o.Upstreams.Count; i++)
        {
            var address = o.Upstreams[i].Address;
            try
            {
                members.Add((address, create(address), o.Upstreams[i].Weight));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                problems.Add($"sift.backends.{name}.upstreams.{i}.address: {e.Message}");
            }
        }
        if (members.Count != o.Upstreams.Count)
        {
            return null;
        }
        var h = o.Health;
        var policy = new UpstreamHealthPolicy { MaxErrors = h.MaxErrors, ErrorWindow = h.ErrorWindow, ReviveAfter = h.ReviveAfter, ReviveJitter = h.ReviveJitter };
        try
        {
            return new UpstreamSet<T>(members, policy, time);
        }
        catch (ArgumentException e)
        {
            problems.Add($"sift.backends.{name}.health: {e.Message}");
            return null;
        }
    }
}
