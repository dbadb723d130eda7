using System.Net;
using Sift.Protocols.Process;

namespace Sift.Engine.Checks;

/// <summary>Parameters that name a DNS zone, so a per-zone timeout override applies.</summary>
public interface IZoneQuery
{
    /// <summary>The zone queried (e.g. <c>zen.spamhaus.org</c>).</summary>
    string Zone { get; }
}

/// <summary>A DNSBL lookup: the address's reversed octets (IPv4) or nibbles (IPv6) under the zone.</summary>
/// <param name="Address">The client address.</param>
/// <param name="Zone">The list's zone.</param>
public sealed record DnsblQuery(IPAddress Address, string Zone) : IZoneQuery;

/// <summary>An RHSBL lookup: a domain under the zone.</summary>
/// <param name="Domain">The domain (HELO, sender domain, …).</param>
/// <param name="Zone">The list's zone.</param>
public sealed record RhsblQuery(string Domain, string Zone) : IZoneQuery;

/// <summary>The hash a HASHBL zone expects.</summary>
public enum HashblAlgorithm
{
    /// <summary>MD5.</summary>
    Md5,

    /// <summary>SHA-1.</summary>
    Sha1,

    /// <summary>SHA-256.</summary>
    Sha256,
}

/// <summary>A HASHBL lookup: the hash of the normalised value (an e-mail address) under the zone.</summary>
/// <param name="Value">The value to hash (normalised by the kind).</param>
/// <param name="Zone">The list's zone.</param>
/// <param name="Algorithm">The hash the zone uses.</param>
public sealed record HashblQuery(string Value, string Zone, HashblAlgorithm Algorithm) : IZoneQuery;

/// <summary>Reverse DNS of an address, forward-confirmed.</summary>
/// <param name="Address">The client address.</param>
public sealed record RdnsQuery(IPAddress Address);

/// <summary>An SPF evaluation (RFC 7208 check_host).</summary>
/// <param name="Address">The client address.</param>
/// <param name="Sender">MAIL FROM (empty for the null sender; then postmaster@HELO is used).</param>
/// <param name="Helo">The HELO/EHLO name.</param>
public sealed record SpfQuery(IPAddress Address, string Sender, string Helo);

/// <summary>The DMARC record of a domain, with organisational-domain fallback.</summary>
/// <param name="Domain">The RFC5322.From domain.</param>
public sealed record DmarcQuery(string Domain);

/// <summary>Any DNS lookup.</summary>
/// <param name="Name">The owner name.</param>
/// <param name="RecordType">A, AAAA, MX, TXT, PTR or NS.</param>
public sealed record DnsQuery(string Name, string RecordType);

/// <summary>A message scanned by clamd (INSTREAM, or SCAN when <see cref="MessageContent.Path"/> is set and clamd is local).</summary>
/// <param name="Content">The message.</param>
public sealed record ClamdScan(MessageContent Content);

/// <summary>A message checked by spamd.</summary>
/// <param name="Content">The message.</param>
/// <param name="User">The spamd user, if any.</param>
/// <param name="Verb">SPAMC verb: CHECK, SYMBOLS, REPORT or PROCESS.</param>
public sealed record SpamcScan(MessageContent Content, string? User = null, string Verb = "SYMBOLS");

/// <summary>A message checked by rspamd, with its envelope.</summary>
/// <param name="Content">The message.</param>
/// <param name="Envelope">The SMTP envelope rspamd is told about.</param>
public sealed record RspamdScan(MessageContent Content, MessageEnvelope Envelope);

/// <summary>An external program run on the message (argv, never a shell).</summary>
/// <param name="Options">Program, arguments, limits.</param>
/// <param name="Stdin">The message given on standard input, if any.</param>
public sealed record ProcessRun(ProcessRunOptions Options, MessageContent? Stdin);

/// <summary>The SMTP envelope of a message.</summary>
/// <param name="ClientAddress">The client's address.</param>
/// <param name="Helo">HELO/EHLO name.</param>
/// <param name="From">MAIL FROM.</param>
/// <param name="Recipients">RCPT TO addresses.</param>
/// <param name="QueueId">The MTA's queue id, if known.</param>
public sealed record MessageEnvelope(IPAddress? ClientAddress, string? Helo, string? From, IReadOnlyList<string> Recipients, string? QueueId = null);
