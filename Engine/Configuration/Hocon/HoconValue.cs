namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// A node of a HOCON tree. After <see cref="HoconReader.Resolve"/> a tree holds only
/// <see cref="HoconObject"/>, <see cref="HoconArray"/> and <see cref="HoconScalar"/>;
/// before it, also <see cref="HoconSubstitution"/> and <see cref="HoconConcatenation"/>.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconPosition position) => Position = position;

    /// <summary>Where the value was written (for a value copied by a substitution: where it was defined).</summary>
    public HoconPosition Position { get; }
}

/// <summary>The kinds of simple value.</summary>
public enum HoconScalarKind
{
    /// <summary>Quoted or unquoted text.</summary>
    String,
    /// <summary>An unquoted JSON number.</summary>
    Number,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary><c>null</c>.</summary>
    Null,
}

/// <summary>A string, number, boolean or null, with its text exactly as written.</summary>
public sealed class HoconScalar : HoconValue
{
    /// <summary>Creates a scalar.</summary>
    public HoconScalar(HoconScalarKind kind, string text, HoconPosition position, bool isWhitespace = false)
        : base(position)
    {
        Kind = kind;
        Text = text;
        IsWhitespace = isWhitespace;
    }

    /// <summary>What kind of value the text is.</summary>
    public HoconScalarKind Kind { get; }

    /// <summary>The text as written (for a quoted string: after unescaping).</summary>
    public string Text { get; }

    /// <summary>True for whitespace between the parts of a concatenation (kept only between strings).</summary>
    internal bool IsWhitespace { get; }
}

/// <summary>An array.</summary>
public sealed class HoconArray : HoconValue
{
    /// <summary>Creates an array holding <paramref name="items"/>.</summary>
    public HoconArray(List<HoconValue> items, HoconPosition position) : base(position) => Items = items;

    /// <summary>The elements in order.</summary>
    public List<HoconValue> Items { get; }
}

/// <summary><c>${path}</c> or <c>${?path}</c>, before resolution.</summary>
public sealed class HoconSubstitution : HoconValue
{
    /// <summary>Creates a substitution.</summary>
    public HoconSubstitution(string[] path, bool optional, HoconPosition position, string[]? fallbackPath = null)
        : base(position)
    {
        Path = path;
        Optional = optional;
        FallbackPath = fallbackPath;
    }

    /// <summary>The path looked up in the whole document.</summary>
    public string[] Path { get; }

    /// <summary>True for <c>${?...}</c>: undefined means "no value" instead of an error.</summary>
    public bool Optional { get; }

    /// <summary>For a substitution in a file included below a path: the path as written, tried when the prefixed one is not found.</summary>
    public string[]? FallbackPath { get; }

    /// <summary>The expression as written, for messages and environment lookup.</summary>
    public string Expression => HoconPath.Render(FallbackPath ?? Path);
}

/// <summary>Values written side by side on one line (<c>${a} bar</c>, <c>[1] [2]</c>, <c>${base} { x = 1 }</c>), before resolution.</summary>
public sealed class HoconConcatenation : HoconValue
{
    /// <summary>Creates a concatenation; whitespace between parts is kept as <see cref="HoconScalar"/> parts.</summary>
    public HoconConcatenation(List<HoconValue> parts, HoconPosition position) : base(position) => Parts = parts;

    /// <summary>The parts in order.</summary>
    public List<HoconValue> Parts { get; }
}
