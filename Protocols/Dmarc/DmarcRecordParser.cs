namespace Sift.Protocols.Dmarc;

/// <summary>The tag-value grammar of RFC 7489 §6.4; unknown tags are ignored, repeated tags keep the first value.</summary>
internal static class DmarcRecordParser
{
    private const int MaxTags = 64;
    private const int MaxUris = 32;

    public static bool IsDmarc1(string text)
    {
        var span = text.AsSpan().TrimStart();
        if (!span.StartsWith("v", StringComparison.Ordinal))
        {
            return false;
        }
        span = span[1..].TrimStart();
        if (span.IsEmpty || span[0] != '=')
        {
            return false;
        }
        span = span[1..].TrimStart();
        // dmarc-version = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31: the value is case-sensitive.
        return span.StartsWith("DMARC1", StringComparison.Ordinal) && (span.Length == 6 || span[6] is ';' or ' ' or '\t');
    }

    public static bool TryParse(string text, out DmarcRecord? record, out string? error)
    {
        record = null;
        if (!IsDmarc1(text))
        {
            error = "not a v=DMARC1 record";
            return false;
        }
        var warnings = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        DmarcPolicy? p = null, sp = null, np = null;
        bool badP = false, badSp = false;
        int pct = 100;
        var rua = new List<string>();
        var ruf = new List<string>();
        var adkim = DmarcAlignment.Relaxed;
        var aspf = DmarcAlignment.Relaxed;
        string fo = "0";
        uint ri = 86400;

        var span = text.AsSpan();
        int tags = 0;
        foreach (var range in span.Split(';'))
        {
            var part = span[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }
            if (++tags > MaxTags)
            {
                warnings.Add("too many tags; the rest are ignored");
                break;
            }
            int eq = part.IndexOf('=');
            if (eq <= 0)
            {
                warnings.Add($"'{Short(part)}' is not a tag=value pair");
                continue;
            }
            var name = part[..eq].Trim().ToString().ToLowerInvariant();
            var value = part[(eq + 1)..].Trim();
            if (!seen.Add(name))
            {
                warnings.Add($"{name} repeated; the first value is kept");
                continue;
            }
            switch (name)
            {
                case "v":
                    break;
                case "p":
                    p = ParsePolicy(value);
                    badP = p is null;
                    break;
                case "sp":
                    sp = ParsePolicy(value);
                    badSp = sp is null;
                    break;
                case "np":
                    np = ParsePolicy(value);
                    if (np is null)
                    {
                        warnings.Add($"np={Short(value)} is not a policy; ignored");
                    }
                    break;
                case "pct":
                    pct = ParsePercent(value, warnings);
                    break;
                case "rua":
                    ParseUris(value, rua, "rua", warnings);
                    break;
                case "ruf":
                    ParseUris(value, ruf, "ruf", warnings);
                    break;
                case "adkim":
                    adkim = ParseAlignment(value, "adkim", warnings);
                    break;
                case "aspf":
                    aspf = ParseAlignment(value, "aspf", warnings);
                    break;
                case "fo":
                    fo = ParseFailureOptions(value, warnings);
                    break;
                case "ri":
                    if (!uint.TryParse(value, System.Globalization.NumberStyles.None, null, out ri))
                    {
                        ri = 86400;
                        warnings.Add($"ri={Short(value)} is not a number of seconds; 86400 used");
                    }
                    break;
                default:
                    break; // unknown tags MUST be ignored (RFC 7489 §6.3)
            }
        }

        // RFC 7489 §6.6.3: without a valid p (or with an invalid sp) the record still counts as
        // p=none when rua holds a valid URI; otherwise no DMARC processing applies.
        bool defaulted = false;
        if (p is null || badSp)
        {
            if (rua.Count == 0)
            {
                error = p is null ? (badP ? "invalid p tag and no valid rua" : "no p tag and no valid rua") : "invalid sp tag and no valid rua";
                return false;
            }
            warnings.Add(p is null ? "missing or invalid p; read as p=none because rua is valid" : "invalid sp; read as p=none because rua is valid");
            p = DmarcPolicy.None;
            sp = null;
            defaulted = true;
        }

        record = new DmarcRecord
        {
            Text = text,
            Policy = p.Value,
            PolicyDefaulted = defaulted,
            SubdomainPolicy = sp ?? p.Value,
            HasSubdomainPolicy = sp is not null,
            NonExistentSubdomainPolicy = np,
            Percent = pct,
            AggregateReportUris = rua,
            FailureReportUris = ruf,
            DkimAlignment = adkim,
            SpfAlignment = aspf,
            FailureOptions = fo,
            ReportInterval = ri,
            Warnings = warnings,
        };
        error = null;
        return true;
    }

    private static DmarcPolicy? ParsePolicy(ReadOnlySpan<char> value)
    {
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return DmarcPolicy.None;
        }
        if (value.Equals("quarantine", StringComparison.OrdinalIgnoreCase))
        {
            return DmarcPolicy.Quarantine;
        }
        if (value.Equals("reject", StringComparison.OrdinalIgnoreCase))
        {
            return DmarcPolicy.Reject;
        }
        return null;
    }

    private static int ParsePercent(ReadOnlySpan<char> value, List<string> warnings)
    {
        if (value.IsEmpty || value.Length > 9 || !int.TryParse(value, System.Globalization.NumberStyles.None, null, out int pct))
        {
            // Huge digit strings clamp like any value above 100; anything else is not a number.
            bool digits = !value.IsEmpty && !value.ContainsAnyExceptInRange('0', '9');
            warnings.Add(digits ? $"pct={Short(value)} clamped to 100" : $"pct={Short(value)} is not a number; 100 used");
            return 100;
        }
        if (pct > 100)
        {
            warnings.Add($"pct={pct} clamped to 100");
            return 100;
        }
        return pct;
    }

    private static DmarcAlignment ParseAlignment(ReadOnlySpan<char> value, string tag, List<string> warnings)
    {
        if (value.Equals("s", StringComparison.OrdinalIgnoreCase))
        {
            return DmarcAlignment.Strict;
        }
        if (!value.Equals("r", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add($"{tag}={Short(value)} is not r or s; relaxed used");
        }
        return DmarcAlignment.Relaxed;
    }

    // fo = "fo" *WSP "=" *WSP ( "0" / "1" / "d" / "s" ) *( *WSP ":" *WSP ( "0" / "1" / "d" / "s" ) )
    private static string ParseFailureOptions(ReadOnlySpan<char> value, List<string> warnings)
    {
        var options = new List<string>();
        foreach (var range in value.Split(':'))
        {
            var option = value[range].Trim();
            if (option.Length != 1 || option[0] is not ('0' or '1' or 'd' or 's' or 'D' or 'S'))
            {
                warnings.Add($"fo={Short(value)} is invalid; 0 used");
                return "0";
            }
            options.Add(option.ToString().ToLowerInvariant());
        }
        return string.Join(':', options);
    }

    // dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]
    private static void ParseUris(ReadOnlySpan<char> value, List<string> uris, string tag, List<string> warnings)
    {
        foreach (var range in value.Split(','))
        {
            var item = value[range].Trim();
            if (item.IsEmpty)
            {
                continue;
            }
            int bang = item.LastIndexOf('!');
            var uri = bang < 0 ? item : item[..bang];
            bool sizeOk = bang < 0 || IsSizeLimit(item[(bang + 1)..]);
            if (uris.Count < MaxUris && sizeOk && Uri.TryCreate(uri.ToString(), UriKind.Absolute, out var parsed)
                && parsed.Scheme.Length > 0 && !uri.ContainsAny(' ', '\t'))
            {
                uris.Add(item.ToString());
            }
            else
            {
                warnings.Add($"{tag} URI '{Short(item)}' ignored");
            }
        }
    }

    private static bool IsSizeLimit(ReadOnlySpan<char> size)
    {
        if (size.IsEmpty)
        {
            return false;
        }
        if (size[^1] is 'k' or 'm' or 'g' or 't' or 'K' or 'M' or 'G' or 'T')
        {
            size = size[..^1];
        }
        return !size.IsEmpty && !size.ContainsAnyExceptInRange('0', '9');
    }

    private static string Short(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");
}
