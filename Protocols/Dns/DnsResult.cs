using System.Net;

namespace Sift.Protocols.Dns;

/// <summary>How a query ended. NXDOMAIN and empty answers are <see cref="Answered"/>: look at the response code.</summary>
public enum DnsQueryStatus
{
    /// <summary>A server answered (any response code, including NXDOMAIN, SERVFAIL after every server was tried).</summary>
    Answered,
    /// <summary>No server answered within the timeouts.</summary>
    TimedOut,
    /// <summary>The answers could not be used: malformed replies, network errors, a CNAME loop.</summary>
    Error,
    /// <summary>The name is not a valid domain name; nothing was sent.</summary>
    InvalidName,
    /// <summary>Too many queries in flight; nothing was sent.</summary>
    Overloaded,
}

/// <summary>
/// The outcome of one lookup, as a value. <see cref="Answers"/> holds the CNAME chain (if any) followed
/// by the records of the asked type at its end.
/// </summary>
public sealed record DnsResult
{
    /// <summary>The question as asked (name in ASCII form).</summary>
    public required DnsQuestion Question { get; init; }

    /// <summary>How the query ended.</summary>
    public required DnsQueryStatus Status { get; init; }

    /// <summary>The server's response code (meaningful when <see cref="Status"/> is Answered).</summary>
    public DnsResponseCode ResponseCode { get; init; }

    /// <summary>CNAMEs followed, then the records of the asked type.</summary>
    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];

    /// <summary>The authority SOA of a negative answer; its minimum bounds negative caching (RFC 2308).</summary>
    public SoaRecord? AuthoritySoa { get; init; }

    /// <summary>What went wrong, for Error/TimedOut/InvalidName/Overloaded.</summary>
    public string? Error { get; init; }

    /// <summary>The server that gave the answer.</summary>
    public IPEndPoint? Server { get; init; }

    /// <summary>The answer came over TCP after a truncated UDP reply.</summary>
    public bool ViaTcp { get; init; }

    /// <summary>The answer came from the cache.</summary>
    public bool FromCache { get; init; }

    /// <summary>Answered with NOERROR.</summary>
    public bool IsSuccess => Status == DnsQueryStatus.Answered && ResponseCode == DnsResponseCode.NoError;

    /// <summary>The name does not exist, or exists without records of this type (both are "not there").</summary>
    public bool IsNegative => Status == DnsQueryStatus.Answered
        && (ResponseCode == DnsResponseCode.NXDomain || (ResponseCode == DnsResponseCode.NoError && !Answers.Any(r => r.Type == Question.Type)));

    /// <summary>The answer records of type <typeparamref name="T"/>.</summary>
    public IEnumerable<T> Records<T>() where T : DnsRecord => Answers.OfType<T>();

    /// <summary>A short dig-like summary.</summary>
    public override string ToString() => Status == DnsQueryStatus.Answered
        ? $"{Question.Name} {Question.Type}: {ResponseCode}, {Answers.Count} answer(s)"
        : $"{Question.Name} {Question.Type}: {Status}: {Error}";
}
