using System.Text.RegularExpressions;

namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Builds an unresolved tree from tokens: omitted root braces, <c>:</c>/<c>=</c>/nothing
/// before an object, commas or newlines between fields, path keys, duplicate keys
/// (objects merge, anything else stacks for the resolver), <c>+=</c> and value
/// concatenation. Includes are in <c>HoconParser.Includes.cs</c>.
/// </summary>
internal sealed partial class HoconParser
{
    private readonly HoconTokenizer _tokenizer;
    private readonly List<HoconToken> _window = [];
    private int _head;
    private readonly string? _directory;
    private readonly IReadOnlyList<string> _includeChain;
    private readonly string[] _rootPrefix;
    private readonly List<HoconToken> _keyTokens = [];

    private HoconParser(HoconTokenizer tokenizer, string? directory, IReadOnlyList<string> includeChain, string[] rootPrefix)
    {
        _tokenizer = tokenizer;
        _directory = directory;
        _includeChain = includeChain;
        _rootPrefix = rootPrefix;
    }

    /// <summary>Parses a whole document whose root sits at <paramref name="rootPrefix"/> of the final tree.</summary>
    public static HoconObject ParseDocument(string text, string file, string? directory,
        IReadOnlyList<string> includeChain, string[] rootPrefix, int depth)
    {
        var parser = new HoconParser(new HoconTokenizer(text, file), directory, includeChain, rootPrefix);
        return parser.ParseRoot(depth);
    }

    private HoconToken Peek => PeekAhead(0);

    /// <summary>Tokens are pulled as needed into a small window, so a large document is never held as one token list.</summary>
    private HoconToken PeekAhead(int ahead)
    {
        while (_window.Count - _head <= ahead)
        {
            _window.Add(_tokenizer.Next());
        }
        return _window[_head + ahead];
    }

    private HoconToken Take()
    {
        var token = Peek;
        _head++;
        if (_head >= 256)
        {
            _window.RemoveRange(0, _head);
            _head = 0;
        }
        return token;
    }

    private void SkipWhitespace()
    {
        while (Peek.Kind == HoconTokenKind.Whitespace)
        {
            Take();
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            Take();
        }
    }

    private static string Describe(HoconToken t) => t.Kind switch
    {
        HoconTokenKind.End => "end of file",
        HoconTokenKind.Newline => "end of line",
        HoconTokenKind.Substitution => "a substitution",
        HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted => "a quoted string",
        _ => $"'{t.Text}'",
    };

    private static HoconException Error(HoconToken at, string detail) => new(HoconErrorReason.Syntax, at.Position, detail);

    private HoconObject ParseRoot(int depth)
    {
        SkipWhitespaceAndNewlines();
        var start = Peek;
        HoconObject root;
        if (start.Kind == HoconTokenKind.OpenBrace)
        {
            root = ParseBracedObject(_rootPrefix, depth + 1);
            SkipWhitespaceAndNewlines();
            if (Peek.Kind != HoconTokenKind.End)
            {
                throw Error(Peek, $"expected end of file after the root object, found {Describe(Peek)}");
            }
            return root;
        }
        if (start.Kind == HoconTokenKind.OpenBracket)
        {
            throw Error(start, "the root of a document must be an object, not an array");
        }
        root = new HoconObject(start.Position);
        ParseFields(root, _rootPrefix, HoconTokenKind.End, depth);
        return root;
    }

    private HoconObject ParseBracedObject(string[]? path, int depth)
    {
        var open = Take();
        if (depth > HoconLimits.MaxNesting)
        {
            throw new HoconException(HoconErrorReason.NestingTooDeep, open.Position, $"objects and arrays nested deeper than {HoconLimits.MaxNesting}");
        }
        var obj = new HoconObject(open.Position);
        ParseFields(obj, path, HoconTokenKind.CloseBrace, depth);
        Take();
        return obj;
    }

    /// <summary>Reads fields up to (not including) <paramref name="closing"/>.</summary>
    private void ParseFields(HoconObject obj, string[]? path, HoconTokenKind closing, int depth)
    {
        SkipWhitespaceAndNewlines();
        while (true)
        {
            var t = Peek;
            if (t.Kind == closing)
            {
                return;
            }
            if (t.Kind == HoconTokenKind.End)
            {
                throw new HoconException(HoconErrorReason.Unterminated, obj.Position, "object is not closed with '}'");
            }
            ParseField(obj, path, depth);
            SkipWhitespace();
            t = Peek;
            if (t.Kind is HoconTokenKind.Comma or HoconTokenKind.Newline)
            {
                SkipSeparator();
                continue;
            }
            if (t.Kind != closing)
            {
                throw Error(t, $"expected ',' or a new line after a field, found {Describe(t)}");
            }
        }
    }

    /// <summary>Consumes one comma and any newlines around it (newlines alone also separate).</summary>
    private void SkipSeparator()
    {
        var sawComma = Take().Kind == HoconTokenKind.Comma;
        SkipWhitespaceAndNewlines();
        if (!sawComma && Peek.Kind == HoconTokenKind.Comma)
        {
            Take();
            SkipWhitespaceAndNewlines();
        }
        if (Peek.Kind == HoconTokenKind.Comma)
        {
            throw Error(Peek, "two commas in a row");
        }
    }

    private void ParseField(HoconObject obj, string[]? path, int depth)
    {
        var first = Peek;
        if (first.Kind == HoconTokenKind.Unquoted && first.Text == "include" && LooksLikeInclude())
        {
            ParseInclude(obj, path, depth);
            return;
        }
        var keyTokens = _keyTokens;
        keyTokens.Clear();
        while (Peek.Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted or HoconTokenKind.Whitespace)
        {
            keyTokens.Add(Take());
        }
        if (keyTokens.Count == 0)
        {
            throw Error(first, $"expected a key, found {Describe(first)}");
        }
        var keys = HoconPath.FromTokens(keyTokens, first.Position);
        string[]? fullPath = path is null ? null : [.. path, .. keys];
        var sep = Peek;
        HoconValue value;
        switch (sep.Kind)
        {
            case HoconTokenKind.OpenBrace:
                value = ParseBracedObject(fullPath, depth + 1);
                break;
            case HoconTokenKind.Colon or HoconTokenKind.Equals:
                Take();
                SkipWhitespaceAndNewlines();
                value = ParseValue(fullPath, depth);
                break;
            case HoconTokenKind.PlusEquals:
                if (fullPath is null)
                {
                    throw Error(sep, "'+=' is not supported inside arrays");
                }
                Take();
                SkipWhitespaceAndNewlines();
                var element = ParseValue(null, depth);
                // a += b means a = ${?a} [b]: append to whatever a was before.
                value = new HoconConcatenation(
                    [new HoconSubstitution(fullPath, optional: true, sep.Position), new HoconArray([element], element.Position)],
                    sep.Position);
                break;
            default:
                throw Error(sep, $"expected ':', '=' or '{{' after the key '{HoconPath.Render(keys)}', found {Describe(sep)}");
        }
        Define(obj, keys, value, first.Position);
    }

    /// <summary><c>a.b.c = v</c> is <c>a { b { c = v } }</c>.</summary>
    private static void Define(HoconObject obj, string[] keys, HoconValue value, HoconPosition position)
    {
        var target = obj;
        for (var i = 0; i < keys.Length - 1; i++)
        {
            var field = target.GetOrAddField(keys[i], position);
            if (field.Layers.Count > 0 && field.Layers[^1] is HoconObject existing)
            {
                target = existing;
                continue;
            }
            var created = new HoconObject(position);
            field.Layers.Add(created);
            target = created;
        }
        target.Define(keys[^1], value, position);
    }

    private static bool StartsValue(HoconTokenKind kind) => kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted
        or HoconTokenKind.TripleQuoted or HoconTokenKind.Substitution or HoconTokenKind.OpenBrace or HoconTokenKind.OpenBracket;

    private HoconValue ParseValue(string[]? path, int depth)
    {
        var start = Peek;
        // The common value is one simple token followed by the end of the field: no concatenation to build.
        if (start.Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted or HoconTokenKind.Substitution
            && !StartsValue(PeekAhead(1).Kind)
            && !(PeekAhead(1).Kind == HoconTokenKind.Whitespace && StartsValue(PeekAhead(2).Kind)))
        {
            Take();
            return start.Kind switch
            {
                HoconTokenKind.Unquoted => Unquoted(start),
                HoconTokenKind.Substitution => Substitution(start),
                _ => new HoconScalar(HoconScalarKind.String, start.Text, start.Position),
            };
        }
        var parts = new List<HoconValue>();
        var done = false;
        while (!done)
        {
            var t = Peek;
            switch (t.Kind)
            {
                case HoconTokenKind.Whitespace:
                    parts.Add(new HoconScalar(HoconScalarKind.String, Take().Text, t.Position, isWhitespace: true));
                    break;
                case HoconTokenKind.Unquoted:
                    parts.Add(Unquoted(Take()));
                    break;
                case HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted:
                    parts.Add(new HoconScalar(HoconScalarKind.String, Take().Text, t.Position));
                    break;
                case HoconTokenKind.Substitution:
                    parts.Add(Substitution(Take()));
                    break;
                case HoconTokenKind.OpenBrace:
                    parts.Add(ParseBracedObject(path, depth + 1));
                    break;
                case HoconTokenKind.OpenBracket:
                    parts.Add(ParseArray(depth + 1));
                    break;
                default:
                    done = true;
                    break;
            }
        }
        while (parts.Count > 0 && parts[^1] is HoconScalar { IsWhitespace: true })
        {
            parts.RemoveAt(parts.Count - 1);
        }
        return parts.Count switch
        {
            0 => throw Error(start, $"expected a value, found {Describe(start)}"),
            1 => parts[0],
            _ => new HoconConcatenation(parts, parts[0].Position),
        };
    }

    private HoconArray ParseArray(int depth)
    {
        var open = Take();
        if (depth > HoconLimits.MaxNesting)
        {
            throw new HoconException(HoconErrorReason.NestingTooDeep, open.Position, $"objects and arrays nested deeper than {HoconLimits.MaxNesting}");
        }
        var items = new List<HoconValue>();
        SkipWhitespaceAndNewlines();
        while (true)
        {
            var t = Peek;
            if (t.Kind == HoconTokenKind.CloseBracket)
            {
                Take();
                return new HoconArray(items, open.Position);
            }
            if (t.Kind == HoconTokenKind.End)
            {
                throw new HoconException(HoconErrorReason.Unterminated, open.Position, "array is not closed with ']'");
            }
            items.Add(ParseValue(null, depth));
            SkipWhitespace();
            t = Peek;
            if (t.Kind is HoconTokenKind.Comma or HoconTokenKind.Newline)
            {
                SkipSeparator();
            }
            else if (t.Kind == HoconTokenKind.End)
            {
                throw new HoconException(HoconErrorReason.Unterminated, open.Position, "array is not closed with ']'");
            }
            else if (t.Kind != HoconTokenKind.CloseBracket)
            {
                throw Error(t, $"expected ',' or ']' after an array element, found {Describe(t)}");
            }
        }
    }

    private HoconSubstitution Substitution(HoconToken t)
    {
        var keys = HoconPath.Parse(t.Text, t.Position);
        // A file included below a path sees its own keys under that path; fall back to the root.
        return _rootPrefix.Length == 0
            ? new HoconSubstitution(keys, t.Optional, t.Position)
            : new HoconSubstitution([.. _rootPrefix, .. keys], t.Optional, t.Position, keys);
    }

    private static HoconScalar Unquoted(HoconToken t) => t.Text switch
    {
        "true" or "false" => new HoconScalar(HoconScalarKind.Boolean, t.Text, t.Position),
        "null" => new HoconScalar(HoconScalarKind.Null, t.Text, t.Position),
        _ when NumberPattern().IsMatch(t.Text) => new HoconScalar(HoconScalarKind.Number, t.Text, t.Position),
        _ => new HoconScalar(HoconScalarKind.String, t.Text, t.Position),
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE]-?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
