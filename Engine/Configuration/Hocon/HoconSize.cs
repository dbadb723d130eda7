namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Sizes in bytes as the HOCON specification writes them: a bare number is bytes;
/// <c>K M G T P E</c> (also lower case, <c>Ki</c>, <c>KiB</c>, <c>kibibytes</c>…) are powers of 2,
/// <c>kB MB GB TB PB EB</c> (and <c>kilobytes</c>…) powers of 10.
/// </summary>
public static class HoconSize
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = Build();

    private static Dictionary<string, decimal> Build()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [""] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] letters = ["K", "M", "G", "T", "P", "E"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi"];
        for (var i = 0; i < letters.Length; i++)
        {
            var power10 = Pow(1000, i + 1);
            var power2 = Pow(1024, i + 1);
            var l = letters[i];
            var lower = l.ToLowerInvariant();
            // The specification writes kB with a lower-case k; the other decimal units are upper case.
            units[i == 0 ? "kB" : l + "B"] = power10;
            units[decimalNames[i] + "byte"] = power10;
            units[decimalNames[i] + "bytes"] = power10;
            units[l] = power2;
            units[lower] = power2;
            units[l + "i"] = power2;
            units[l + "iB"] = power2;
            units[binaryNames[i] + "byte"] = power2;
            units[binaryNames[i] + "bytes"] = power2;
        }
        return units;
    }

    private static decimal Pow(decimal b, int e)
    {
        decimal r = 1;
        for (var i = 0; i < e; i++)
        {
            r *= b;
        }
        return r;
    }

    /// <summary>Parses <c>50M</c>, <c>10 kB</c>, <c>4096</c>. Never throws; false when it overflows a long.</summary>
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (!HoconUnits.TrySplit(text, out var number, out var unit) || !BytesPerUnit.TryGetValue(unit, out var bytes))
        {
            return false;
        }
        try
        {
            var total = (decimal)number * bytes;
            if (total > long.MaxValue)
            {
                return false;
            }
            value = (long)Math.Round(total);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
