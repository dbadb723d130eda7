namespace Sift.Engine.Configuration.Hocon;

/// <summary>Where a token or value was written: file name (or a label for a string source), 1-based line and column.</summary>
/// <param name="File">The file the text came from, or a label such as <c>&lt;string&gt;</c>.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, counted in UTF-16 characters.</param>
public readonly record struct HoconPosition(string File, int Line, int Column)
{
    /// <summary>Formats as <c>file:line:column</c>, the prefix of every configuration error.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
