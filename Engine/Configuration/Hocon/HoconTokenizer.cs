using System.Text;

namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Turns HOCON text into tokens. Whitespace is kept as tokens because it matters inside
/// value concatenations (<c>a = foo bar</c> is the string "foo bar"); comments (<c>#</c> and
/// <c>//</c>) are dropped up to the end of their line. Every failure is a <see cref="HoconException"/>.
/// </summary>
internal sealed class HoconTokenizer
{
    private readonly string _text;
    private readonly string _file;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    /// <summary>Creates a tokenizer that hands out tokens one at a time with <see cref="Next"/>.</summary>
    /// <exception cref="HoconException">The text is larger than <see cref="HoconLimits.MaxDocumentChars"/>.</exception>
    public HoconTokenizer(string text, string file)
    {
        if (text.Length > HoconLimits.MaxDocumentChars)
        {
            throw new HoconException(HoconErrorReason.DocumentTooLarge, new HoconPosition(file, 1, 1),
                $"document is larger than {HoconLimits.MaxDocumentChars} characters");
        }
        _text = text;
        _file = file;
    }

    /// <summary>Tokenizes <paramref name="text"/>; the list always ends with <see cref="HoconTokenKind.End"/>.</summary>
    public static List<HoconToken> Tokenize(string text, string file)
    {
        var tokenizer = new HoconTokenizer(text, file);
        var tokens = new List<HoconToken>();
        HoconToken token;
        do
        {
            token = tokenizer.Next();
            tokens.Add(token);
        }
        while (token.Kind != HoconTokenKind.End);
        return tokens;
    }

    private HoconPosition Here => new(_file, _line, _column);

    private char Peek(int ahead = 0) => _index + ahead < _text.Length ? _text[_index + ahead] : '\0';

    private bool AtEnd(int ahead = 0) => _index + ahead >= _text.Length;

    private void Advance(int count = 1)
    {
        for (var i = 0; i < count && _index < _text.Length; i++)
        {
            if (_text[_index] == '\n')
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }
            _index++;
        }
    }

    /// <summary>The next token; <see cref="HoconTokenKind.End"/> again and again at the end.</summary>
    public HoconToken Next()
    {
        SkipComment();
        var start = Here;
        if (AtEnd())
        {
            return new HoconToken(HoconTokenKind.End, "", start);
        }
        var c = Peek();
        switch (c)
        {
            case '\n':
                Advance();
                return new HoconToken(HoconTokenKind.Newline, "\n", start);
            case '{': Advance(); return new HoconToken(HoconTokenKind.OpenBrace, "{", start);
            case '}': Advance(); return new HoconToken(HoconTokenKind.CloseBrace, "}", start);
            case '[': Advance(); return new HoconToken(HoconTokenKind.OpenBracket, "[", start);
            case ']': Advance(); return new HoconToken(HoconTokenKind.CloseBracket, "]", start);
            case ',': Advance(); return new HoconToken(HoconTokenKind.Comma, ",", start);
            case ':': Advance(); return new HoconToken(HoconTokenKind.Colon, ":", start);
            case '=': Advance(); return new HoconToken(HoconTokenKind.Equals, "=", start);
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuoted(start) : ReadQuoted(start);
            case '$':
                return ReadSubstitution(start);
            case '+':
                if (Peek(1) == '=')
                {
                    Advance(2);
                    return new HoconToken(HoconTokenKind.PlusEquals, "+=", start);
                }
                throw new HoconException(HoconErrorReason.ReservedCharacter, start, "'+' is only allowed as part of '+=' (quote the string)");
        }
        if (IsWhitespace(c))
        {
            var from = _index;
            while (!AtEnd() && IsWhitespace(Peek()))
            {
                Advance();
            }
            return new HoconToken(HoconTokenKind.Whitespace, Spaces(from, _index - from), start);
        }
        if (IsReserved(c))
        {
            throw new HoconException(HoconErrorReason.ReservedCharacter, start, $"'{c}' is reserved in unquoted text (quote the string)");
        }
        return ReadUnquoted(start);
    }

    private static readonly string[] CommonSpaces = [.. Enumerable.Range(0, 17).Select(n => new string(' ', n))];

    /// <summary>Indentation is mostly plain spaces: share those strings instead of allocating one per run.</summary>
    private string Spaces(int from, int length)
    {
        if (length < CommonSpaces.Length && _text.AsSpan(from, length).IndexOfAnyExcept(' ') < 0)
        {
            return CommonSpaces[length];
        }
        return _text.Substring(from, length);
    }

    private void SkipComment()
    {
        if (Peek() == '#' || (Peek() == '/' && Peek(1) == '/'))
        {
            while (!AtEnd() && Peek() != '\n')
            {
                Advance();
            }
        }
    }

    /// <summary>The specification's whitespace: Unicode separators, the ASCII controls \t \v \f \r, the file/group/record/unit separators, and a BOM.</summary>
    private static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c is '\uFEFF' or >= '\u001C' and <= '\u001F');

    private static bool IsReserved(char c) => c is '`' or '^' or '?' or '!' or '@' or '*' or '&' or '\\';

    private static bool EndsUnquoted(char c) =>
        c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '=' or ',' or '+' or '#' or '\n' || IsReserved(c) || IsWhitespace(c);

    private HoconToken ReadUnquoted(HoconPosition start)
    {
        var from = _index;
        while (!AtEnd() && !EndsUnquoted(Peek()) && !(Peek() == '/' && Peek(1) == '/'))
        {
            Advance();
        }
        return new HoconToken(HoconTokenKind.Unquoted, _text[from.._index], start);
    }

    private HoconToken ReadTripleQuoted(HoconPosition start)
    {
        Advance(3);
        var from = _index;
        var close = _text.IndexOf("\"\"\"", _index, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new HoconException(HoconErrorReason.Unterminated, start, "triple-quoted string is not closed");
        }
        // Quotes right before the closing three belong to the string ("""a"""" is a").
        while (close + 3 < _text.Length && _text[close + 3] == '"')
        {
            close++;
        }
        Advance(close - from);
        var value = _text[from..close];
        Advance(3);
        return new HoconToken(HoconTokenKind.TripleQuoted, value, start);
    }

    private HoconToken ReadQuoted(HoconPosition start)
    {
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw new HoconException(HoconErrorReason.Unterminated, start, "quoted string is not closed on its line");
            }
            var c = Peek();
            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.Quoted, sb.ToString(), start);
            }
            if (c == '\\')
            {
                ReadEscape(sb);
                continue;
            }
            sb.Append(c);
            Advance();
        }
    }

    private void ReadEscape(StringBuilder sb)
    {
        var at = Here;
        Advance();
        var e = AtEnd() ? '\0' : Peek();
        switch (e)
        {
            case '"': sb.Append('"'); break;
            case '\\': sb.Append('\\'); break;
            case '/': sb.Append('/'); break;
            case 'b': sb.Append('\b'); break;
            case 'f': sb.Append('\f'); break;
            case 'n': sb.Append('\n'); break;
            case 'r': sb.Append('\r'); break;
            case 't': sb.Append('\t'); break;
            case 'u':
                if (_index + 5 <= _text.Length
                    && ushort.TryParse(_text.AsSpan(_index + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code))
                {
                    sb.Append((char)code);
                    Advance(5);
                    return;
                }
                throw new HoconException(HoconErrorReason.InvalidEscape, at, "\\u must be followed by four hex digits");
            default:
                throw new HoconException(HoconErrorReason.InvalidEscape, at,
                    AtEnd() ? "string ends inside an escape" : $"'\\{e}' is not a valid escape");
        }
        Advance();
    }

    private HoconToken ReadSubstitution(HoconPosition start)
    {
        if (Peek(1) != '{')
        {
            throw new HoconException(HoconErrorReason.ReservedCharacter, start, "'$' must start a substitution '${...}' (quote the string)");
        }
        Advance(2);
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance();
        }
        var from = _index;
        var inQuotes = false;
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw new HoconException(HoconErrorReason.Unterminated, start, "substitution is not closed with '}'");
            }
            var c = Peek();
            if (inQuotes && c == '\\')
            {
                Advance(2);
                continue;
            }
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == '}' && !inQuotes)
            {
                break;
            }
            Advance();
        }
        var path = _text[from.._index];
        Advance();
        return new HoconToken(HoconTokenKind.Substitution, path, start, optional);
    }
}
