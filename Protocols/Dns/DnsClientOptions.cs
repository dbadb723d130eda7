using System.Net;

namespace Sift.Protocols.Dns;

/// <summary>Settings of a <see cref="DnsClient"/>. Defaults suit a mail gateway at scale.</summary>
public sealed record DnsClientOptions
{
    /// <summary>Nameservers, tried in order (or rotated); IPv4 and IPv6.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>How long one try waits for an answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many rounds over the server list a query makes (resolv.conf <c>attempts</c>).</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>Start each query at the next server instead of the first (resolv.conf <c>rotate</c>).</summary>
    public bool Rotate { get; init; }

    /// <summary>UDP sockets per address family, each bound to a random source port.</summary>
    public int UdpSockets { get; init; } = 4;

    /// <summary>The UDP payload size advertised with EDNS(0); 0 sends no OPT record.</summary>
    public ushort EdnsPayloadSize { get; init; } = DnsWriter.DefaultEdnsPayload;

    /// <summary>Most distinct queries in flight; past it a query fails at once as <see cref="DnsQueryStatus.Overloaded"/>.</summary>
    public int MaxInFlight { get; init; } = 65536;

    /// <summary>Entries kept in the answer cache; 0 disables the cache.</summary>
    public int CacheEntries { get; init; } = 10000;

    /// <summary>Upper bound on how long an answer is cached, whatever its TTL.</summary>
    public TimeSpan MaxCacheTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound on how long NXDOMAIN/NODATA are cached (RFC 2308 §5 suggests 1 to 3 hours at most).</summary>
    public TimeSpan MaxNegativeTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Most CNAMEs followed (in one answer and across re-queries) before giving up.</summary>
    public int MaxCnameHops { get; init; } = 8;

    /// <summary>Time source for cache expiry.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Options from a parsed resolv.conf.</summary>
    public static DnsClientOptions FromResolvConf(ResolvConf conf) =>
        new() { Servers = conf.Servers, Timeout = conf.Timeout, Attempts = conf.Attempts, Rotate = conf.Rotate };

    /// <summary>Options for the given <c>host:port</c> servers.</summary>
    /// <exception cref="FormatException">An address cannot be parsed.</exception>
    public static DnsClientOptions ForServers(params string[] servers) =>
        new() { Servers = servers.Select(NameServer.Parse).ToArray() };
}
