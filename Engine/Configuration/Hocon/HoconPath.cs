using System.Text;

namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Path expressions (<c>a.b."c.d"</c>): unquoted dots separate keys, quoted dots do not,
/// whitespace between the parts of one key is kept, whitespace around the whole path is not.
/// </summary>
public static class HoconPath
{
    /// <summary>Parses a path expression such as the one inside <c>${...}</c>.</summary>
    /// <exception cref="HoconException">The expression is empty, has an empty element or contains something other than strings.</exception>
    public static string[] Parse(string expression, HoconPosition position)
    {
        List<HoconToken> tokens;
        try
        {
            tokens = HoconTokenizer.Tokenize(expression, position.File);
        }
        catch (HoconException e)
        {
            throw new HoconException(HoconErrorReason.InvalidPath, position, $"bad path '{expression}': {e.Detail}");
        }
        tokens.RemoveAt(tokens.Count - 1);
        try
        {
            return FromTokens(tokens, position);
        }
        catch (HoconException e)
        {
            // Positions inside the expression are relative to it; report the substitution's.
            throw new HoconException(e.Reason, position, $"bad path '{expression}': {e.Detail}");
        }
    }

    /// <summary>Joins keys back into an expression, quoting keys that need it.</summary>
    public static string Render(IEnumerable<string> keys) => string.Join('.', keys.Select(RenderKey));

    /// <summary>Quotes a single key when it is not a plain unquoted word.</summary>
    public static string RenderKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? key : HoconText.Quote(key);

    internal static string[] FromTokens(IReadOnlyList<HoconToken> tokens, HoconPosition position)
    {
        // The common key: one unquoted word without dots, or one quoted string.
        if (tokens.Count == 1 && (tokens[0].IsQuotedString || (tokens[0].Kind == HoconTokenKind.Unquoted && !tokens[0].Text.Contains('.'))))
        {
            return [tokens[0].Text];
        }
        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == HoconTokenKind.Whitespace)
        {
            first++;
        }
        while (last >= first && tokens[last].Kind == HoconTokenKind.Whitespace)
        {
            last--;
        }
        if (first > last)
        {
            throw new HoconException(HoconErrorReason.InvalidPath, position, "expected a key or path");
        }
        var keys = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = first; i <= last; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted:
                    current.Append(t.Text);
                    quoted = true;
                    break;
                case HoconTokenKind.Whitespace:
                    current.Append(t.Text);
                    break;
                case HoconTokenKind.Unquoted:
                    var parts = t.Text.Split('.');
                    current.Append(parts[0]);
                    for (var p = 1; p < parts.Length; p++)
                    {
                        Finish(keys, current, quoted, t.Position);
                        quoted = false;
                        current.Append(parts[p]);
                    }
                    break;
                default:
                    throw new HoconException(HoconErrorReason.InvalidPath, t.Position, $"'{t.Text}' cannot be part of a key");
            }
        }
        Finish(keys, current, quoted, tokens[last].Position);
        return [.. keys];
    }

    private static void Finish(List<string> keys, StringBuilder current, bool quoted, HoconPosition position)
    {
        if (current.Length == 0 && !quoted)
        {
            throw new HoconException(HoconErrorReason.InvalidPath, position, "path has an empty element (quote it as \"\" if you mean an empty key)");
        }
        keys.Add(current.ToString());
        current.Clear();
    }
}
