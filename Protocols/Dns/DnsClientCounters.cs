namespace Sift.Protocols.Dns;

/// <summary>
/// Counters of a <see cref="DnsClient"/>, updated without locks. Dropped packets are the
/// anti-spoofing evidence: replies whose ID, source or question did not match a pending query.
/// </summary>
public sealed class DnsClientCounters
{
    internal long QueriesSent, RepliesAccepted, DroppedUnknownId, DroppedWrongSource, DroppedWrongQuestion,
        DroppedMalformed, TimedOutTries, TcpFallbacks, CacheHits, Merged, Overloaded;

    /// <summary>UDP and TCP packets sent (tries, not lookups).</summary>
    public long Sent => Interlocked.Read(ref QueriesSent);

    /// <summary>Replies matched to a pending query.</summary>
    public long Accepted => Interlocked.Read(ref RepliesAccepted);

    /// <summary>Replies with an ID no query is waiting for (late, duplicate or spoofed).</summary>
    public long UnknownId => Interlocked.Read(ref DroppedUnknownId);

    /// <summary>Replies with a pending ID but from another address or port than the one asked.</summary>
    public long WrongSource => Interlocked.Read(ref DroppedWrongSource);

    /// <summary>Replies with a pending ID and source but another question (or no QR bit).</summary>
    public long WrongQuestion => Interlocked.Read(ref DroppedWrongQuestion);

    /// <summary>Packets too short or malformed to match, and matched replies that did not parse.</summary>
    public long Malformed => Interlocked.Read(ref DroppedMalformed);

    /// <summary>Tries that got no answer within the timeout.</summary>
    public long TimedOut => Interlocked.Read(ref TimedOutTries);

    /// <summary>Truncated UDP answers repeated over TCP.</summary>
    public long Tcp => Interlocked.Read(ref TcpFallbacks);

    /// <summary>Lookups answered from the cache.</summary>
    public long FromCache => Interlocked.Read(ref CacheHits);

    /// <summary>Lookups that joined an identical query already in flight.</summary>
    public long MergedLookups => Interlocked.Read(ref Merged);

    /// <summary>Lookups refused because too many were in flight.</summary>
    public long Refused => Interlocked.Read(ref Overloaded);

    /// <summary>Every packet dropped by the receive loops.</summary>
    public long Dropped => UnknownId + WrongSource + WrongQuestion;
}
