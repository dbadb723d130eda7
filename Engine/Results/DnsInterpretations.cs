using System.Net;

namespace Sift.Engine.Results;

/// <summary>A DNSBL, RHSBL or hash-BL answer: listed or not, with the list's codes and reason.</summary>
/// <param name="Zone">The list queried.</param>
/// <param name="Listed">The key is on the list.</param>
/// <param name="Codes">The listing codes (A records in 127.0.0.0/8), empty when not listed.</param>
/// <param name="Reason">The zone's TXT text when present, else a generic sentence; null when not listed.</param>
public sealed record BlocklistInterpretation(string Zone, bool Listed, IReadOnlyList<IPAddress> Codes, string? Reason) : Interpretation
{
    /// <inheritdoc />
    public override bool Hit => Listed;

    /// <inheritdoc />
    public override string? Reason { get; } = Reason;

    /// <inheritdoc />
    public bool Equals(BlocklistInterpretation? other) =>
        other is not null && Zone == other.Zone && Listed == other.Listed && Codes.SequenceEqual(other.Codes) && Reason == other.Reason;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Zone, Listed, Reason);
}

/// <summary>A reverse-DNS answer.</summary>
/// <param name="HasRdns">The address has at least one PTR name.</param>
/// <param name="Ptr">The forward-confirmed name, else the first PTR name; null without rDNS.</param>
/// <param name="Fcrdns">A PTR name resolves back to the address.</param>
/// <param name="Dynamic">The name looks like a dynamic/consumer pool (see the reason).</param>
/// <param name="Reason">Why the result counts against the message; null when it does not.</param>
public sealed record RdnsInterpretation(bool HasRdns, string? Ptr, bool Fcrdns, bool Dynamic, string? Reason) : Interpretation
{
    /// <summary>No rDNS, rDNS that does not confirm, or a dynamic-pool name.</summary>
    public override bool Hit => !HasRdns || !Fcrdns || Dynamic;

    /// <inheritdoc />
    public override string? Reason { get; } = Reason;
}

/// <summary>Whether a domain publishes an SPF record (the record only; SPF evaluation is another check).</summary>
/// <param name="HasSpf">Exactly one v=spf1 TXT record exists.</param>
/// <param name="Record">That record.</param>
/// <param name="Reason">Why it counts against the message (no SPF record); null otherwise.</param>
public sealed record SpfTxtInterpretation(bool HasSpf, string? Record, string? Reason) : Interpretation
{
    /// <summary>The domain publishes no SPF record.</summary>
    public override bool Hit => !HasSpf;

    /// <inheritdoc />
    public override string? Reason { get; } = Reason;
}
