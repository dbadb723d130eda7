using System.Net;
using Sift.Protocols.Process;

namespace Sift.Engine.Checks;

/// <summary>
/// Builders of <see cref="CheckSpec"/> for every kind, e.g.
/// <c>Check.Dnsbl("zen", ip, "zen.spamhaus.org").WithWeight(5)</c>. The kinds themselves are
/// registered on the engine (<see cref="FilterEngine.RegisterKind"/>) under <see cref="CheckKinds"/>' names.
/// </summary>
public static class Check
{
    /// <summary>A DNSBL lookup of <paramref name="address"/> in <paramref name="zone"/>.</summary>
    public static CheckSpec Dnsbl(string name, IPAddress address, string zone) => new(name, CheckKinds.Dnsbl, new DnsblQuery(address, zone));

    /// <summary>An RHSBL lookup of <paramref name="domain"/> in <paramref name="zone"/>.</summary>
    public static CheckSpec Rhsbl(string name, string domain, string zone) => new(name, CheckKinds.Rhsbl, new RhsblQuery(domain, zone));

    /// <summary>A HASHBL lookup of <paramref name="value"/>'s hash in <paramref name="zone"/>.</summary>
    public static CheckSpec Hashbl(string name, string value, string zone, HashblAlgorithm algorithm = HashblAlgorithm.Sha256) =>
        new(name, CheckKinds.Hashbl, new HashblQuery(value, zone, algorithm));

    /// <summary>Forward-confirmed reverse DNS of <paramref name="address"/>.</summary>
    public static CheckSpec Rdns(string name, IPAddress address) => new(name, CheckKinds.Rdns, new RdnsQuery(address));

    /// <summary>An SPF evaluation.</summary>
    public static CheckSpec Spf(string name, IPAddress address, string sender, string helo) => new(name, CheckKinds.Spf, new SpfQuery(address, sender, helo));

    /// <summary>The DMARC record of <paramref name="domain"/>.</summary>
    public static CheckSpec Dmarc(string name, string domain) => new(name, CheckKinds.Dmarc, new DmarcQuery(domain));

    /// <summary>Any DNS lookup.</summary>
    public static CheckSpec Dns(string name, string owner, string recordType) => new(name, CheckKinds.Dns, new DnsQuery(owner, recordType));

    /// <summary>A clamd scan of the message.</summary>
    public static CheckSpec Clamd(string name, MessageContent content) => new(name, CheckKinds.Clamd, new ClamdScan(content));

    /// <summary>A spamd check of the message.</summary>
    public static CheckSpec Spamc(string name, MessageContent content, string? user = null, string verb = "SYMBOLS") =>
        new(name, CheckKinds.Spamc, new SpamcScan(content, user, verb));

    /// <summary>An rspamd check of the message.</summary>
    public static CheckSpec Rspamd(string name, MessageContent content, MessageEnvelope envelope) =>
        new(name, CheckKinds.Rspamd, new RspamdScan(content, envelope));

    /// <summary>An external program run on the message.</summary>
    public static CheckSpec Process(string name, ProcessRunOptions options, MessageContent? stdin = null) =>
        new(name, CheckKinds.Process, new ProcessRun(options, stdin));

    /// <summary>A check of a custom kind (registered with <see cref="CheckKind.Custom"/> or <see cref="CheckKind.CustomActor{TActor}"/>).</summary>
    public static CheckSpec Custom(string kind, string name, object parameters) => new(name, kind, parameters);
}

/// <summary>The names of the built-in check kinds.</summary>
public static class CheckKinds
{
    /// <summary>DNS blocklist of client addresses.</summary>
    public const string Dnsbl = "dnsbl";

    /// <summary>Right-hand-side (domain) blocklist.</summary>
    public const string Rhsbl = "rhsbl";

    /// <summary>Hashed-value blocklist.</summary>
    public const string Hashbl = "hashbl";

    /// <summary>Forward-confirmed reverse DNS.</summary>
    public const string Rdns = "rdns";

    /// <summary>SPF.</summary>
    public const string Spf = "spf";

    /// <summary>DMARC record lookup.</summary>
    public const string Dmarc = "dmarc";

    /// <summary>Any DNS lookup.</summary>
    public const string Dns = "dns";

    /// <summary>clamd.</summary>
    public const string Clamd = "clamd";

    /// <summary>spamd (SPAMC protocol).</summary>
    public const string Spamc = "spamc";

    /// <summary>rspamd.</summary>
    public const string Rspamd = "rspamd";

    /// <summary>External program.</summary>
    public const string Process = "process";
}
