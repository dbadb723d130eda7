using Microsoft.Extensions.Configuration;

namespace Sift.Engine.Configuration;

/// <summary><c>sift.dns</c>: the stub resolver.</summary>
public sealed class DnsOptions
{
    /// <summary>Resolvers to query (loopback or explicit addresses; never the system's).</summary>
    public List<string> Nameservers { get; set; } = [];

    /// <summary>Per-query timeout before a retransmit.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Transmissions per query.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>UDP sockets in the pool.</summary>
    public int Sockets { get; set; } = 16;

    /// <summary>Answers kept in the cache.</summary>
    [ConfigurationKeyName("cache-entries")]
    public int CacheEntries { get; set; } = 10000;

    /// <summary>Longest a cached answer is kept.</summary>
    [ConfigurationKeyName("cache-max-ttl")]
    public TimeSpan CacheMaxTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>DNS requests allowed per message.</summary>
    [ConfigurationKeyName("max-queries-per-message")]
    public int MaxQueriesPerMessage { get; set; } = 64;
}

/// <summary>One entry of <c>sift.checks</c> (defaults: <c>sift.check-template</c>).</summary>
public sealed class CheckOptions
{
    /// <summary>dnsbl, rhsbl, hashbl, rdns, spf, dmarc, dns, clamd, spamc, rspamd, process or a custom kind.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Score added when the check hits.</summary>
    public double Weight { get; set; } = 1.0;

    /// <summary>DNS zone for blocklist checks.</summary>
    public string Zone { get; set; } = "";

    /// <summary>open (an error adds nothing) or closed (an error makes the verdict at least TEMPFAIL).</summary>
    [ConfigurationKeyName("on-error")]
    public string OnError { get; set; } = "open";

    /// <summary>Per-check deadline; zero means the engine's default for the kind.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.Zero;

    /// <summary>Milter stage at which the check runs; empty: the earliest stage where its inputs are known (the gateway's stage table).</summary>
    public string Stage { get; set; } = "";

    /// <summary>Answer codes that count as a listing.</summary>
    public List<string> Codes { get; set; } = [];

    /// <summary>Program and arguments of a process check.</summary>
    public List<string> Argv { get; set; } = [];

    /// <summary>Off switch that keeps the definition.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>What rhsbl, hashbl, spf-txt and dmarc checks look up: from-domain, from or helo (empty: the kind's default).</summary>
    public string Target { get; set; } = "";

    /// <summary>The hash a hashbl zone expects: md5, sha1 or sha256.</summary>
    public string Hash { get; set; } = "md5";

    /// <summary>The name a dns check asks, with {ip}, {ip-reversed}, {helo}, {from}, {from-domain} filled in.</summary>
    public string Query { get; set; } = "";

    /// <summary>The record type a dns check asks.</summary>
    public string Type { get; set; } = "A";
}
