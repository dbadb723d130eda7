using System.Globalization;

namespace Sift.Protocols.Dns.Lookups;

/// <summary>
/// Non-ASCII domain names to their ASCII (punycode, RFC 3492) form. System.Globalization.IdnMapping
/// encodes correctly under InvariantGlobalization=true (checked on .NET 10), but in that mode it
/// applies no UTS #46 mapping, so upper case would be encoded as is: names are lower-cased first.
/// </summary>
public static class Idna
{
    private static readonly IdnMapping Mapping = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>Converts <paramref name="name"/> to ASCII; ASCII input comes back lower-cased. False when it cannot be encoded.</summary>
    public static bool TryToAscii(string name, out string ascii)
    {
        ascii = name;
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length == 0) return false;
        try
        {
            ascii = Mapping.GetAscii(trimmed.ToLowerInvariant());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Converts an ASCII name with <c>xn--</c> labels back to Unicode for display; returns the input when it cannot.</summary>
    public static string ToUnicode(string ascii)
    {
        try
        {
            return Mapping.GetUnicode(ascii);
        }
        catch (ArgumentException)
        {
            return ascii;
        }
    }
}
