namespace Sift.Engine.Configuration.Hocon;

/// <summary>Bounds that keep a hostile document from exhausting the stack or memory.</summary>
public static class HoconLimits
{
    /// <summary>Deepest nesting of objects and arrays inside one document.</summary>
    public const int MaxNesting = 64;

    /// <summary>Deepest chain of includes (a file including a file …).</summary>
    public const int MaxIncludeDepth = 8;

    /// <summary>Deepest chain of substitutions and nested objects followed while resolving.</summary>
    public const int MaxResolveDepth = 200;

    /// <summary>Largest document, in characters (a configuration file, not a data set).</summary>
    public const int MaxDocumentChars = 16 * 1024 * 1024;
}
