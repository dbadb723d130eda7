using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Spf;

/// <summary>
/// The record grammar of RFC 7208 §12. Every rejection is a permerror with a short reason;
/// unknown modifiers are accepted (their macro-string must still be valid), unknown
/// mechanisms are not.
/// </summary>
internal static class SpfRecordParser
{
    /// <summary>No real record comes close; a bound keeps hostile TXT data cheap.</summary>
    private const int MaxTerms = 256;

    public static bool TryParse(string text, out SpfRecord? record, out string? error)
    {
        record = null;
        if (!SpfRecord.IsSpf1(text))
        {
            error = "not a v=spf1 record";
            return false;
        }

        var mechanisms = new List<SpfMechanism>();
        string? redirect = null, explanation = null;
        var terms = text.AsSpan(6);
        int count = 0;
        foreach (var range in terms.Split(' '))
        {
            var term = terms[range];
            if (term.IsEmpty)
            {
                continue;
            }
            if (++count > MaxTerms)
            {
                error = "too many terms";
                return false;
            }
            int nameEnd = NameLength(term);
            if (nameEnd > 0 && nameEnd < term.Length && term[nameEnd] == '=' && char.IsAsciiLetter(term[0]))
            {
                if (!TryModifier(term, nameEnd, ref redirect, ref explanation, out error))
                {
                    return false;
                }
                continue;
            }
            if (!TryMechanism(term, out var mechanism, out error))
            {
                return false;
            }
            mechanisms.Add(mechanism!);
        }

        record = new SpfRecord(text, mechanisms, redirect, explanation);
        error = null;
        return true;
    }

    // name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
    private static int NameLength(ReadOnlySpan<char> term)
    {
        int i = 0;
        while (i < term.Length && (char.IsAsciiLetterOrDigit(term[i]) || term[i] is '-' or '_' or '.'))
        {
            i++;
        }
        return i;
    }

    private static bool TryModifier(ReadOnlySpan<char> term, int nameEnd, ref string? redirect, ref string? explanation, out string? error)
    {
        var name = term[..nameEnd];
        var value = term[(nameEnd + 1)..];
        bool isRedirect = name.Equals("redirect", StringComparison.OrdinalIgnoreCase);
        bool isExp = name.Equals("exp", StringComparison.OrdinalIgnoreCase);
        if (isRedirect || isExp)
        {
            if ((isRedirect ? redirect : explanation) is not null)
            {
                error = $"{name.ToString().ToLowerInvariant()}= appears twice";
                return false;
            }
            if (!IsDomainSpec(value, out error))
            {
                return false;
            }
            if (isRedirect)
            {
                redirect = value.ToString();
            }
            else
            {
                explanation = value.ToString();
            }
            return true;
        }
        // An unknown modifier is ignored, but it is still a macro-string (RFC 7208 §6).
        return SpfMacro.Validate(value, allowExplanationLetters: false, out error);
    }

    private static bool TryMechanism(ReadOnlySpan<char> term, out SpfMechanism? mechanism, out string? error)
    {
        mechanism = null;
        var text = term.ToString();
        var qualifier = SpfQualifier.Pass;
        switch (term[0])
        {
            case '+': term = term[1..]; break;
            case '-': qualifier = SpfQualifier.Fail; term = term[1..]; break;
            case '~': qualifier = SpfQualifier.SoftFail; term = term[1..]; break;
            case '?': qualifier = SpfQualifier.Neutral; term = term[1..]; break;
        }
        int nameEnd = term.IndexOfAny(':', '/');
        var name = nameEnd < 0 ? term : term[..nameEnd];
        var rest = nameEnd < 0 ? ReadOnlySpan<char>.Empty : term[nameEnd..];
        if (!TryKind(name, out var kind))
        {
            error = $"unknown mechanism '{Truncate(text)}'";
            return false;
        }

        int cidr4 = 32, cidr6 = 128;
        string? domainSpec = null;
        IPAddress? network = null;
        switch (kind)
        {
            case SpfMechanismKind.All:
                if (!rest.IsEmpty)
                {
                    error = "'all' takes no argument";
                    return false;
                }
                break;
            case SpfMechanismKind.Include:
            case SpfMechanismKind.Exists:
            case SpfMechanismKind.Ptr:
                bool required = kind != SpfMechanismKind.Ptr;
                if (rest.IsEmpty && !required)
                {
                    break;
                }
                if (rest.IsEmpty || rest[0] != ':' || !IsDomainSpec(rest[1..], out error))
                {
                    error = $"'{Truncate(text)}' needs ':' and a valid domain";
                    return false;
                }
                domainSpec = rest[1..].ToString();
                break;
            case SpfMechanismKind.A:
            case SpfMechanismKind.Mx:
                int cidrStart = CidrStart(rest);
                if (!TryDualCidr(rest[cidrStart..], out cidr4, out cidr6))
                {
                    error = $"bad prefix length in '{Truncate(text)}'";
                    return false;
                }
                var spec = rest[..cidrStart];
                if (!spec.IsEmpty)
                {
                    if (spec[0] != ':' || !IsDomainSpec(spec[1..], out error))
                    {
                        error = $"'{Truncate(text)}' has an invalid domain";
                        return false;
                    }
                    domainSpec = spec[1..].ToString();
                }
                break;
            case SpfMechanismKind.Ip4:
            case SpfMechanismKind.Ip6:
                if (!TryNetwork(kind, rest, out network, out cidr4, out cidr6))
                {
                    error = $"invalid network in '{Truncate(text)}'";
                    return false;
                }
                break;
        }
        mechanism = new SpfMechanism(qualifier, kind, domainSpec, network, cidr4, cidr6, text);
        error = null;
        return true;
    }

    private static readonly string[] s_kindNames = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"];

    private static bool TryKind(ReadOnlySpan<char> name, out SpfMechanismKind kind)
    {
        for (int i = 0; i < s_kindNames.Length; i++)
        {
            if (name.Equals(s_kindNames[i], StringComparison.OrdinalIgnoreCase))
            {
                kind = (SpfMechanismKind)i;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>
    /// Where the dual-cidr suffix of an a/mx argument begins. It is read from the end — "/N",
    /// "//N" or "/N//N" — because a domain-spec may itself hold '/' and ':' (a:foo:bar/baz.example.com).
    /// </summary>
    private static int CidrStart(ReadOnlySpan<char> rest)
    {
        int end = rest.Length;
        int digits = DigitsBefore(rest, end);
        if (digits > 0 && end - digits >= 2 && rest[end - digits - 1] == '/' && rest[end - digits - 2] == '/')
        {
            end -= digits + 2;
            digits = DigitsBefore(rest, end);
        }
        if (digits > 0 && end - digits >= 1 && rest[end - digits - 1] == '/')
        {
            end -= digits + 1;
        }
        return end;
    }

    private static int DigitsBefore(ReadOnlySpan<char> text, int end)
    {
        int start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }
        return end - start;
    }

    // dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
    private static bool TryDualCidr(ReadOnlySpan<char> text, out int cidr4, out int cidr6)
    {
        cidr4 = 32;
        cidr6 = 128;
        if (text.IsEmpty)
        {
            return true;
        }
        if (text.StartsWith("//"))
        {
            return TryPrefix(text[2..], 128, out cidr6);
        }
        var rest = text[1..];
        int split = rest.IndexOf("//");
        if (split < 0)
        {
            return TryPrefix(rest, 32, out cidr4);
        }
        return TryPrefix(rest[..split], 32, out cidr4) && TryPrefix(rest[(split + 2)..], 128, out cidr6);
    }

    // ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT); ip6 likewise up to three digits. No leading zeros.
    private static bool TryPrefix(ReadOnlySpan<char> digits, int max, out int value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 3 || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max;
    }

    private static bool TryNetwork(SpfMechanismKind kind, ReadOnlySpan<char> rest, out IPAddress? network, out int cidr4, out int cidr6)
    {
        network = null;
        cidr4 = 32;
        cidr6 = 128;
        if (rest.Length < 2 || rest[0] != ':')
        {
            return false;
        }
        var body = rest[1..];
        int slash = body.IndexOf('/');
        var address = slash < 0 ? body : body[..slash];
        if (kind == SpfMechanismKind.Ip4)
        {
            if (!TryStrictIPv4(address, out network))
            {
                return false;
            }
            return slash < 0 || TryPrefix(body[(slash + 1)..], 32, out cidr4);
        }
        if (address.IndexOf(':') < 0 || address.IndexOfAny('%', '[') >= 0
            || !IPAddress.TryParse(address, out network) || network.AddressFamily != AddressFamily.InterNetworkV6)
        {
            network = null;
            return false;
        }
        return slash < 0 || TryPrefix(body[(slash + 1)..], 128, out cidr6);
    }

    /// <summary>Four dotted decimal octets, no leading zeros (IPAddress.TryParse accepts "1.2.3" and octal).</summary>
    internal static bool TryStrictIPv4(ReadOnlySpan<char> text, out IPAddress? address)
    {
        address = null;
        Span<byte> octets = stackalloc byte[4];
        int index = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (index == 4 || part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }
            int value = 0;
            foreach (char c in part)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255)
            {
                return false;
            }
            octets[index++] = (byte)value;
        }
        if (index != 4)
        {
            return false;
        }
        address = new IPAddress(octets);
        return true;
    }

    /// <summary>domain-spec = macro-string domain-end (RFC 7208 §7.1).</summary>
    internal static bool IsDomainSpec(ReadOnlySpan<char> spec, out string? error)
    {
        if (spec.IsEmpty)
        {
            error = "empty domain";
            return false;
        }
        if (!SpfMacro.Validate(spec, allowExplanationLetters: false, out error))
        {
            return false;
        }
        // domain-end = ( "." toplabel [ "." ] ) / macro-expand
        if (SpfMacro.EndsWithMacro(spec))
        {
            return true;
        }
        var trimmed = spec[^1] == '.' ? spec[..^1] : spec;
        int dot = trimmed.LastIndexOf('.');
        if (dot < 0 || !IsTopLabel(trimmed[(dot + 1)..]))
        {
            error = $"'{Truncate(spec.ToString())}' does not end in a top-level label";
            return false;
        }
        return true;
    }

    // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
    private static bool IsTopLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }
        bool letterOrHyphen = false;
        foreach (char c in label)
        {
            if (c == '-' || char.IsAsciiLetter(c))
            {
                letterOrHyphen = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return letterOrHyphen;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");
}
