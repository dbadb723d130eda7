namespace Sift.Engine.Configuration.Hocon;

/// <summary>Reads configuration files with a bound, so an include of <c>/dev/zero</c> or a huge file fails instead of exhausting memory.</summary>
internal static class HoconFiles
{
    /// <summary>Reads at most <see cref="HoconLimits.MaxDocumentChars"/> characters.</summary>
    /// <exception cref="HoconException">The file is larger than the limit.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadBounded(string path, HoconPosition at)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[Math.Min(HoconLimits.MaxDocumentChars + 1, 64 * 1024)];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > HoconLimits.MaxDocumentChars)
            {
                throw new HoconException(HoconErrorReason.DocumentTooLarge, at,
                    $"'{path}' is larger than {HoconLimits.MaxDocumentChars} characters");
            }
        }
        return text.ToString();
    }
}
