namespace Sift.Engine.Configuration.Hocon;

/// <summary>Why a HOCON document was rejected; carried by <see cref="HoconException"/>.</summary>
public enum HoconErrorReason
{
    /// <summary>A token that cannot appear where it was found.</summary>
    Syntax,
    /// <summary>A quoted or triple-quoted string, or a substitution, was not closed.</summary>
    Unterminated,
    /// <summary>A backslash escape that JSON does not define.</summary>
    InvalidEscape,
    /// <summary>A character the specification reserves (<c>` ^ ? ! @ * &amp; \ +</c>) in unquoted text.</summary>
    ReservedCharacter,
    /// <summary>A path expression with an empty element, such as <c>a..b</c>.</summary>
    InvalidPath,
    /// <summary>Objects and arrays nested deeper than <see cref="HoconLimits.MaxNesting"/>.</summary>
    NestingTooDeep,
    /// <summary>The document is larger than <see cref="HoconLimits.MaxDocumentChars"/>.</summary>
    DocumentTooLarge,
    /// <summary>A <c>required(...)</c> include names a file that does not exist.</summary>
    IncludeNotFound,
    /// <summary>An included file could not be read.</summary>
    IncludeUnreadable,
    /// <summary>An include names a file already being included (a cycle).</summary>
    IncludeCycle,
    /// <summary>Includes nested deeper than <see cref="HoconLimits.MaxIncludeDepth"/>.</summary>
    IncludeTooDeep,
    /// <summary><c>url(...)</c> and <c>classpath(...)</c> includes, which Sift does not support.</summary>
    IncludeUnsupported,
    /// <summary>A non-optional substitution that names neither a setting nor an environment variable.</summary>
    UnresolvedSubstitution,
    /// <summary>Substitutions that depend on themselves.</summary>
    SubstitutionCycle,
    /// <summary>Substitutions chained deeper than <see cref="HoconLimits.MaxResolveDepth"/>.</summary>
    SubstitutionTooDeep,
    /// <summary>A concatenation of values that do not combine (an object with a string, an array with an object…).</summary>
    InvalidConcatenation,
}
