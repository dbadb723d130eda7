namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// <c>include "file"</c>, <c>include file("file")</c> and <c>include required(file("file"))</c>:
/// the named file, relative to the including file's folder, is parsed and merged into the
/// object where the include stands. A missing file is ignored unless it is required.
/// </summary>
internal sealed partial class HoconParser
{
    private static readonly string[] Openers =
        ["", "file(", "required(", "required(file(", "url(", "required(url(", "classpath(", "required(classpath("];

    /// <summary>True when the <c>include</c> at the cursor is the keyword, not a key named include.</summary>
    private bool LooksLikeInclude()
    {
        var i = 1;
        if (PeekAhead(i).Kind is not (HoconTokenKind.Whitespace or HoconTokenKind.Newline))
        {
            return false;
        }
        // Whitespace and newlines may stand between the keyword and its argument.
        while (PeekAhead(i).Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            i++;
        }
        var t = PeekAhead(i);
        return t.Kind == HoconTokenKind.Quoted
            || (t.Kind == HoconTokenKind.Unquoted && t.Text.EndsWith('('));
    }

    private void ParseInclude(HoconObject obj, string[]? path, int depth)
    {
        var keyword = Take();
        SkipWhitespaceAndNewlines();
        var opener = "";
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Unquoted)
        {
            opener += Peek.Kind == HoconTokenKind.Unquoted ? Peek.Text : "";
            Take();
        }
        if (!Openers.Contains(opener))
        {
            throw Error(keyword, $"unknown include form '{opener}' (use \"file\", file(\"file\") or required(file(\"file\")))");
        }
        var name = Take();
        if (name.Kind != HoconTokenKind.Quoted)
        {
            throw Error(name, $"include needs a quoted file name, found {Describe(name)}");
        }
        var closer = "";
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Unquoted)
        {
            closer += Peek.Kind == HoconTokenKind.Unquoted ? Peek.Text : "";
            Take();
        }
        var parens = opener.Count(c => c == '(');
        if (closer != new string(')', parens))
        {
            throw Error(name, $"include expects {parens} closing parenthes{(parens == 1 ? "is" : "es")} after the file name");
        }
        if (opener.Contains("url(", StringComparison.Ordinal) || opener.Contains("classpath(", StringComparison.Ordinal))
        {
            throw new HoconException(HoconErrorReason.IncludeUnsupported, keyword.Position, "only file includes are supported");
        }
        if (path is null)
        {
            throw Error(keyword, "include is not supported inside arrays");
        }
        var included = LoadInclude(name.Text, opener.StartsWith("required(", StringComparison.Ordinal), keyword.Position, path, depth);
        if (included is not null)
        {
            obj.MergeFrom(included);
        }
    }

    private HoconObject? LoadInclude(string name, bool required, HoconPosition at, string[] path, int depth)
    {
        var full = Path.GetFullPath(Path.Combine(_directory ?? Environment.CurrentDirectory, name));
        // A name without extension is a basename: every known format that exists is loaded, HOCON last.
        string[] candidates = Path.HasExtension(name) ? [full] : [full + ".json", full + ".conf"];
        var found = candidates.Where(File.Exists).ToList();
        if (found.Count == 0 && !Path.HasExtension(name) && File.Exists(full))
        {
            found.Add(full);
        }
        if (found.Count == 0)
        {
            return required
                ? throw new HoconException(HoconErrorReason.IncludeNotFound, at, $"required include '{name}' not found (looked for {full})")
                : null;
        }
        HoconObject? merged = null;
        foreach (var file in found)
        {
            var one = LoadIncludedFile(file, name, at, path, depth);
            merged = merged is null ? one : HoconReader.Merge(merged, one);
        }
        return merged;
    }

    private HoconObject LoadIncludedFile(string found, string name, HoconPosition at, string[] path, int depth)
    {
        if (_includeChain.Contains(found, StringComparer.Ordinal))
        {
            throw new HoconException(HoconErrorReason.IncludeCycle, at, $"include cycle: '{name}' is already being included");
        }
        if (_includeChain.Count >= HoconLimits.MaxIncludeDepth)
        {
            throw new HoconException(HoconErrorReason.IncludeTooDeep, at, $"includes nested deeper than {HoconLimits.MaxIncludeDepth}");
        }
        string text;
        try
        {
            text = HoconFiles.ReadBounded(found, at);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoconException(HoconErrorReason.IncludeUnreadable, at, $"cannot read include '{name}': {e.Message}");
        }
        return ParseDocument(text, found, Path.GetDirectoryName(found), [.. _includeChain, found], path, depth);
    }
}
