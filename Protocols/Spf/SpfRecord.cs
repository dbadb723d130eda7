using System.Net;

namespace Sift.Protocols.Spf;

/// <summary>A parsed <c>v=spf1</c> record: its directives in order and the two modifiers RFC 7208 defines.</summary>
public sealed class SpfRecord
{
    internal SpfRecord(string text, IReadOnlyList<SpfMechanism> mechanisms, string? redirect, string? explanation)
    {
        Text = text;
        Mechanisms = mechanisms;
        Redirect = redirect;
        Explanation = explanation;
    }

    /// <summary>The record as published.</summary>
    public string Text { get; }

    /// <summary>The directives, evaluated left to right.</summary>
    public IReadOnlyList<SpfMechanism> Mechanisms { get; }

    /// <summary>The unexpanded domain-spec of <c>redirect=</c>, or null.</summary>
    public string? Redirect { get; }

    /// <summary>The unexpanded domain-spec of <c>exp=</c>, or null.</summary>
    public string? Explanation { get; }

    /// <summary>Parses a record (RFC 7208 §4.6, §12). Never throws.</summary>
    /// <param name="text">The TXT string, starting with <c>v=spf1</c>.</param>
    /// <param name="record">The record, when the syntax is valid.</param>
    /// <param name="error">Why it is not, for the permerror explanation.</param>
    public static bool TryParse(string text, out SpfRecord? record, out string? error)
        => SpfRecordParser.TryParse(text, out record, out error);

    /// <summary>True when a TXT string is an SPF version 1 record: <c>v=spf1</c> then a space or the end.</summary>
    public static bool IsSpf1(string text)
        => text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>The mechanism names of RFC 7208 §5.</summary>
public enum SpfMechanismKind
{
    /// <summary>Always matches.</summary>
    All,
    /// <summary>Matches when the included domain's check_host() passes.</summary>
    Include,
    /// <summary>Matches an address of the domain.</summary>
    A,
    /// <summary>Matches an address of one of the domain's mail exchangers.</summary>
    Mx,
    /// <summary>Matches when a validated reverse name ends with the domain (discouraged by the RFC).</summary>
    Ptr,
    /// <summary>Matches an IPv4 network.</summary>
    Ip4,
    /// <summary>Matches an IPv6 network.</summary>
    Ip6,
    /// <summary>Matches when the domain has any A record.</summary>
    Exists,
}

/// <summary>A directive's qualifier: the result when its mechanism matches.</summary>
public enum SpfQualifier
{
    /// <summary><c>+</c> (the default).</summary>
    Pass,
    /// <summary><c>-</c>.</summary>
    Fail,
    /// <summary><c>~</c>.</summary>
    SoftFail,
    /// <summary><c>?</c>.</summary>
    Neutral,
}

/// <summary>One directive: qualifier, mechanism and its arguments.</summary>
/// <param name="Qualifier">The result on a match.</param>
/// <param name="Kind">The mechanism.</param>
/// <param name="DomainSpec">The unexpanded domain-spec, or null for the current domain (and for all/ip4/ip6).</param>
/// <param name="Network">The network of ip4/ip6, else null.</param>
/// <param name="Cidr4">The IPv4 prefix length (32 when absent).</param>
/// <param name="Cidr6">The IPv6 prefix length (128 when absent).</param>
/// <param name="Text">The term as written, for the Received-SPF <c>mechanism=</c> key.</param>
public sealed record SpfMechanism(
    SpfQualifier Qualifier, SpfMechanismKind Kind, string? DomainSpec, IPAddress? Network, int Cidr4, int Cidr6, string Text)
{
    /// <summary>True for the mechanisms that count toward the limit of 10 DNS-querying terms (RFC 7208 §4.6.4).</summary>
    public bool CountsTowardLookupLimit => Kind is SpfMechanismKind.Include or SpfMechanismKind.A or SpfMechanismKind.Mx
        or SpfMechanismKind.Ptr or SpfMechanismKind.Exists;

    /// <summary>The result this directive yields when it matches.</summary>
    public SpfResult MatchResult => Qualifier switch
    {
        SpfQualifier.Fail => SpfResult.Fail,
        SpfQualifier.SoftFail => SpfResult.SoftFail,
        SpfQualifier.Neutral => SpfResult.Neutral,
        _ => SpfResult.Pass,
    };
}
