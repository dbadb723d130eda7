using System.Globalization;

namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Durations as the HOCON specification writes them: a number and a unit
/// (exactly <c>ns us ms s m h d</c> or their long names, singular or plural, lower case);
/// a bare number, or a number without a unit, is milliseconds.
/// </summary>
public static class HoconDuration
{
    private static readonly Dictionary<string, double> TicksPerUnit = Build();

    private static Dictionary<string, double> Build()
    {
        var units = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(double ticks, params string[] names)
        {
            foreach (var n in names)
            {
                units[n] = ticks;
            }
        }
        Add(0.01, "ns", "nanosecond", "nanoseconds");
        Add(10, "us", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "", "ms", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }

    /// <summary>Parses <c>5s</c>, <c>250 ms</c>, <c>1.5h</c>, <c>100</c> (milliseconds). Never throws.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (!HoconUnits.TrySplit(text, out var number, out var unit) || !TicksPerUnit.TryGetValue(unit, out var ticks))
        {
            return false;
        }
        var total = number * ticks;
        if (double.IsNaN(total) || total < TimeSpan.MinValue.Ticks || total > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(total));
        return true;
    }
}

/// <summary>Splits "number unit" texts shared by durations and sizes.</summary>
internal static class HoconUnits
{
    public static bool TrySplit(string? text, out double number, out string unit)
    {
        number = 0;
        unit = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
        {
            end++;
        }
        if (end == 0 || !double.TryParse(s.AsSpan(0, end), NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out number))
        {
            return false;
        }
        unit = s[end..].Trim();
        return true;
    }
}
