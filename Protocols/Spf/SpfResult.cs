namespace Sift.Protocols.Spf;

/// <summary>The seven results of check_host() (RFC 7208 §2.6).</summary>
public enum SpfResult
{
    /// <summary>No SPF record, or no usable domain to check.</summary>
    None,
    /// <summary>The domain states nothing about this address.</summary>
    Neutral,
    /// <summary>The address is authorized.</summary>
    Pass,
    /// <summary>The address is explicitly not authorized.</summary>
    Fail,
    /// <summary>Probably not authorized (the "~" qualifier).</summary>
    SoftFail,
    /// <summary>A transient DNS failure; a later retry may succeed.</summary>
    TempError,
    /// <summary>The published records are wrong and cannot be interpreted.</summary>
    PermError,
}

/// <summary>Text forms of <see cref="SpfResult"/> as they appear in headers (RFC 7208 §8).</summary>
public static class SpfResultNames
{
    /// <summary>The lower-case keyword: <c>pass</c>, <c>softfail</c>, <c>permerror</c>…</summary>
    public static string ToKeyword(this SpfResult result) => result switch
    {
        SpfResult.None => "none",
        SpfResult.Neutral => "neutral",
        SpfResult.Pass => "pass",
        SpfResult.Fail => "fail",
        SpfResult.SoftFail => "softfail",
        SpfResult.TempError => "temperror",
        SpfResult.PermError => "permerror",
        _ => "none",
    };

    /// <summary>Parses a keyword, case-insensitively.</summary>
    public static bool TryParse(string? text, out SpfResult result)
    {
        foreach (var candidate in Enum.GetValues<SpfResult>())
        {
            if (string.Equals(text, candidate.ToKeyword(), StringComparison.OrdinalIgnoreCase))
            {
                result = candidate;
                return true;
            }
        }
        result = SpfResult.None;
        return false;
    }
}
