namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Entry point of the HOCON reader: parse text or a file into an unresolved tree, merge
/// trees (a user's file over reference.conf), and resolve substitutions into a plain tree.
/// Nothing here throws anything but <see cref="HoconException"/> on bad input.
/// </summary>
public static class HoconReader
{
    /// <summary>The file label used for text that does not come from a file.</summary>
    public const string StringSource = "<string>";

    /// <summary>Parses HOCON text. Includes are looked up relative to <paramref name="directory"/> (default: the current folder).</summary>
    /// <exception cref="HoconException">The text is not valid HOCON, or an include fails.</exception>
    public static HoconObject Parse(string text, string file = StringSource, string? directory = null) =>
        HoconParser.ParseDocument(text, file, directory, [], [], 0);

    /// <summary>Parses a HOCON file; its includes are relative to its folder.</summary>
    /// <exception cref="HoconException">The file cannot be read, is not valid HOCON, or an include fails.</exception>
    public static HoconObject ParseFile(string path)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = HoconFiles.ReadBounded(full, new HoconPosition(path, 1, 1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? HoconErrorReason.IncludeNotFound : HoconErrorReason.IncludeUnreadable;
            throw new HoconException(reason, new HoconPosition(path, 1, 1), $"cannot read the file: {e.Message}");
        }
        return HoconParser.ParseDocument(text, path, Path.GetDirectoryName(full), [full], [], 0);
    }

    /// <summary>Merges <paramref name="over"/> into <paramref name="fallback"/> as if its text followed; returns <paramref name="fallback"/>.</summary>
    /// <remarks>Both trees must be unresolved; <paramref name="fallback"/> is modified. Substitutions in either see the merged document.</remarks>
    public static HoconObject Merge(HoconObject fallback, HoconObject over)
    {
        fallback.MergeFrom(over);
        return fallback;
    }

    /// <summary>Resolves substitutions and stacked definitions into a new tree of objects, arrays and scalars.</summary>
    /// <param name="root">An unresolved tree from <see cref="Parse"/> or <see cref="ParseFile"/>; it is used up.</param>
    /// <param name="environment">Where undefined paths are looked up; default: the process's environment variables.</param>
    /// <exception cref="HoconException">A substitution is undefined or cyclic, or a concatenation mixes kinds.</exception>
    public static HoconObject Resolve(HoconObject root, Func<string, string?>? environment = null) =>
        HoconResolver.Resolve(root, environment ?? Environment.GetEnvironmentVariable);

    /// <summary>Parses and resolves text in one step.</summary>
    /// <exception cref="HoconException">See <see cref="Parse"/> and <see cref="Resolve"/>.</exception>
    public static HoconObject Load(string text, string file = StringSource, Func<string, string?>? environment = null) =>
        Resolve(Parse(text, file), environment);
}
