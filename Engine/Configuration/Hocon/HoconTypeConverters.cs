using System.ComponentModel;
using System.Globalization;

namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Teaches <c>ConfigurationBinder</c> HOCON durations and sizes. The binder converts strings
/// with <see cref="TypeDescriptor.GetConverter(Type)"/>; <see cref="Register"/> adds converters for
/// <see cref="TimeSpan"/> (accepting <c>5s</c>, <c>250ms</c>, a bare number as milliseconds, and
/// still <c>00:00:05</c>) and <see cref="long"/> (accepting <c>50M</c>, <c>10kB</c>, and plain integers).
/// So a <c>TimeSpan</c> property binds from <c>global-timeout = 10s</c> and a <c>long</c> from
/// <c>max-message-size = 50M</c>. The registration is process-wide and only widens what parses.
/// </summary>
public static class HoconTypeConverters
{
    private static int _registered;

    /// <summary>Registers the converters once; later calls do nothing.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
        TypeDescriptor.AddAttributes(typeof(long), new TypeConverterAttribute(typeof(SizeConverter)));
    }

    /// <summary>HOCON durations, falling back to the standard TimeSpan format.</summary>
    public sealed class DurationConverter : TimeSpanConverter
    {
        /// <inheritdoc />
        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
            value is string s
                ? HoconDuration.TryParse(s, out var d) ? d
                : TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out d) ? d
                : throw new FormatException($"'{s}' is not a duration (write e.g. 5s, 250ms, 2m)")
                : base.ConvertFrom(context, culture, value);
    }

    /// <summary>HOCON sizes, falling back to plain integers (which include negative ones).</summary>
    public sealed class SizeConverter : Int64Converter
    {
        /// <inheritdoc />
        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
            value is string s
                ? long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
                : HoconSize.TryParse(s, out n) ? n
                : throw new FormatException($"'{s}' is not a size (write e.g. 50M, 64K, 10MB)")
                : base.ConvertFrom(context, culture, value);
    }
}
