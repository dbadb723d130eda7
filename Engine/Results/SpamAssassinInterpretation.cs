using System.Globalization;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Results;

/// <summary>
/// What spamd's answer means: the fields of <c>md_async_interpret_spamassassin</c>
/// (is_spam, score, threshold, symbols, reason).
/// </summary>
/// <param name="IsSpam">spamd's verdict (score at or above its threshold).</param>
/// <param name="Score">The message's score.</param>
/// <param name="Threshold">The threshold the score was compared with.</param>
/// <param name="Symbols">The rules hit, when the verb returned them (SYMBOLS); empty otherwise.</param>
public sealed record SpamAssassinInterpretation(bool IsSpam, double Score, double Threshold, IReadOnlyList<string> Symbols) : Interpretation
{
    /// <inheritdoc />
    public override bool Hit => IsSpam;

    /// <summary><c>SpamAssassin score 1003.3 / 5.0 (GTUBE, MISSING_DATE)</c> when spam; null otherwise.</summary>
    public override string? Reason => IsSpam
        ? string.Create(CultureInfo.InvariantCulture, $"SpamAssassin score {Score:0.0#} / {Threshold:0.0#}")
          + (Symbols.Count > 0 ? $" ({string.Join(", ", Symbols.Take(8))})" : "")
        : null;

    /// <summary>Interprets spamd's answer.</summary>
    public static SpamAssassinInterpretation From(SpamdResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.IsSpam, result.Score, result.Threshold, result.Symbols);
    }

    /// <summary>
    /// Interprets spamd's answer against a threshold of the caller's own instead of spamd's
    /// (the <c>threshold</c> argument of <c>md_async_interpret_spamassassin</c>).
    /// </summary>
    public static SpamAssassinInterpretation From(SpamdResult result, double threshold)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Score >= threshold, result.Score, threshold, result.Symbols);
    }
}
