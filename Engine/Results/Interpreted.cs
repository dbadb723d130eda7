namespace Sift.Engine.Results;

/// <summary>
/// A check's answer after interpretation: its status and, when it answered usefully, the typed
/// interpretation. An unusable answer (a blocklist code outside 127/8, two SPF records) is
/// <see cref="CheckStatus.Error"/> with <see cref="Error"/> saying why, never a hit.
/// </summary>
public sealed record Interpreted<T>(CheckStatus Status, T? Value, string? Error) where T : Interpretation
{
    /// <summary>An answered check.</summary>
    public static Interpreted<T> Answered(T value) => new(CheckStatus.Answered, value, null);

    /// <summary>A failed check.</summary>
    public static Interpreted<T> Failed(CheckStatus status, string error) => new(status, null, error);

    /// <summary>True when answered and the interpretation counts against the message.</summary>
    public bool Hit => Status == CheckStatus.Answered && Value is { Hit: true };
}
