namespace Sift.Engine.Configuration.Hocon;

/// <summary>The lexical classes of HOCON; comments never become tokens.</summary>
internal enum HoconTokenKind
{
    End,
    Newline,
    Whitespace,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    Unquoted,
    Quoted,
    TripleQuoted,
    Substitution,
}

/// <summary>One token. For a substitution <see cref="Text"/> is the path expression between the braces.</summary>
internal readonly record struct HoconToken(HoconTokenKind Kind, string Text, HoconPosition Position, bool Optional = false)
{
    public bool IsQuotedString => Kind is HoconTokenKind.Quoted or HoconTokenKind.TripleQuoted;
}
