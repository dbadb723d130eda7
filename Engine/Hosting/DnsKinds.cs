using Microsoft.Extensions.Logging;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Interpreters;
using Sift.Engine.Results;
using Sift.Protocols.Dns;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Dns.Lookups;
using Sift.Protocols.Spf;

namespace Sift.Engine.Hosting;

/// <summary>
/// Registers the DNS check kinds (dnsbl, rhsbl, hashbl, rdns, spf, dmarc) on an engine, over one
/// <see cref="DnsClient"/> on the nameservers of <c>sift.dns</c>. Lookup failures and answers
/// outside the listing range are recorded as errors, never as listings; SPF is evaluated in full
/// (RFC 7208, every lookup through the client), DMARC is the record discovery of the From: domain.
/// </summary>
public static class DnsKinds
{
    /// <summary>Registers the DNS kinds not registered yet, when nameservers are configured; returns their names.</summary>
    /// <exception cref="FormatException">A nameserver address cannot be parsed.</exception>
    public static IReadOnlyList<string> Register(FilterEngine engine, DnsOptions dns, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(dns);
        if (dns.Nameservers.Count == 0)
        {
            return [];
        }
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = dns.Nameservers.Select(NameServer.Parse).ToArray(),
            Timeout = dns.Timeout,
            Attempts = Math.Max(1, dns.Attempts),
            UdpSockets = Math.Max(1, dns.Sockets),
            CacheEntries = dns.CacheEntries,
            MaxCacheTtl = dns.CacheMaxTtl,
        }, loggerFactory?.CreateLogger<DnsClient>());
        var registered = new List<string>();
        void Add(string kind, Func<object, CancellationToken, ValueTask<object?>> run, CheckInterpreter interpret)
        {
            if (!engine.Kinds.Contains(kind))
            {
                engine.RegisterKind(new CheckKind(kind, () => (p, ct) => run(p, ct), interpret, TimeoutClass.Dns, poolSize: 2, maxInFlightPerWorker: 256));
                registered.Add(kind);
            }
        }
        Add(CheckKinds.Dnsbl, async (p, ct) => { var q = (DnsblQuery)p; return await BlocklistLookup.DnsblAsync(client, q.Address, q.Zone, ct).ConfigureAwait(false); },
            (a, check) => Blocklist(a, ((DnsblQuery)check.Parameters).Zone));
        Add(CheckKinds.Rhsbl, async (p, ct) => { var q = (RhsblQuery)p; return await BlocklistLookup.RhsblAsync(client, q.Domain, q.Zone, ct).ConfigureAwait(false); },
            (a, check) => Blocklist(a, ((RhsblQuery)check.Parameters).Zone));
        Add(CheckKinds.Hashbl, async (p, ct) =>
            {
                var q = (HashblQuery)p;
                var hash = q.Algorithm switch { HashblAlgorithm.Md5 => HashKind.Md5, HashblAlgorithm.Sha1 => HashKind.Sha1, _ => HashKind.Sha256 };
                return await BlocklistLookup.HashblAsync(client, q.Value, q.Zone, hash, ct).ConfigureAwait(false);
            },
            (a, check) => Blocklist(a, ((HashblQuery)check.Parameters).Zone));
        Add(CheckKinds.Rdns, async (p, ct) => await RdnsLookup.QueryAsync(client, ((RdnsQuery)p).Address, ct).ConfigureAwait(false),
            static (a, _) => a is RdnsAnswer answer ? Unwrap(RdnsInterpreter.Interpret(answer)) : new UnusableAnswer("not an rDNS answer"));
        var spf = new SpfVerifier(new SpfDnsResolver(client), logger: loggerFactory?.CreateLogger<SpfVerifier>());
        Add(CheckKinds.Spf, async (p, ct) =>
            {
                var q = (SpfQuery)p;
                return await spf.SpfVerifyAsync(q.Sender, q.Address.ToString(), q.Helo, ct).ConfigureAwait(false);
            },
            static (a, _) => a is SpfVerification v ? SpfInterpretation.From(v) : new UnusableAnswer("not an SPF answer"));
        var dmarc = new DmarcDiscovery(new SpfDnsResolver(client), logger: loggerFactory?.CreateLogger<DmarcDiscovery>());
        Add(CheckKinds.Dmarc, async (p, ct) => await dmarc.DiscoverAsync(((DmarcQuery)p).Domain, ct).ConfigureAwait(false),
            static (a, _) => a is DmarcLookup l ? DmarcInterpretation.From(l) : new UnusableAnswer("not a DMARC answer"));
        return registered;
    }

    private static Interpretation Blocklist(object? answer, string zone) =>
        answer is BlocklistAnswer a ? Unwrap(BlocklistInterpreter.Interpret(a, zone)) : new UnusableAnswer("not a blocklist answer");

    private static Interpretation Unwrap<T>(Interpreted<T> interpreted)
        where T : Interpretation =>
        interpreted is { Status: CheckStatus.Answered, Value: { } value } ? value : new UnusableAnswer(interpreted.Error ?? interpreted.Status.ToString());
}
