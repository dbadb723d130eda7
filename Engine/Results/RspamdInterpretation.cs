using System.Globalization;
using Sift.Protocols.Rspamd;

namespace Sift.Engine.Results;

/// <summary>What rspamd's answer means: score, required score, action, symbols and reason.</summary>
/// <param name="Score">The message's score.</param>
/// <param name="Required">rspamd's reject score (<c>required_score</c>).</param>
/// <param name="Action">The action rspamd recommends.</param>
/// <param name="Symbols">The names of the symbols that matched with a non-zero score, highest first.</param>
/// <param name="SmtpMessage">The SMTP text rspamd suggests (<c>Gtube pattern</c>), when it gave one.</param>
public sealed record RspamdInterpretation(
    double Score, double Required, RspamdAction Action, IReadOnlyList<string> Symbols, string? SmtpMessage = null) : Interpretation
{
    /// <summary>
    /// True when rspamd recommends anything stronger than delivering as is: add header, rewrite
    /// subject, soft reject or reject. Greylisting is a delivery-timing policy, not a judgement,
    /// and does not count.
    /// </summary>
    public override bool Hit => Action is RspamdAction.AddHeader or RspamdAction.RewriteSubject
        or RspamdAction.SoftReject or RspamdAction.Reject;

    /// <summary><c>rspamd reject, score 15.0 / 15.0: Gtube pattern</c> when a hit; null otherwise.</summary>
    public override string? Reason => Hit
        ? string.Create(CultureInfo.InvariantCulture, $"rspamd {Action.ToName()}, score {Score:0.0#} / {Required:0.0#}")
          + (SmtpMessage is { Length: > 0 } m ? ": " + m : Symbols.Count > 0 ? $" ({string.Join(", ", Symbols.Take(8))})" : "")
        : null;

    /// <summary>Interprets rspamd's answer.</summary>
    public static RspamdInterpretation From(RspamdResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var symbols = result.Symbols
            .Where(s => s.Score != 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => s.Name)
            .ToList();
        // A pre-filter verdict (GTUBE) scores its symbol 0; keep its name so the reason says why.
        if (symbols.Count == 0 && result.IsSkipped) symbols.AddRange(result.Symbols.Select(s => s.Name));
        return new(result.Score, result.RequiredScore, result.Action, symbols, result.SmtpMessage);
    }
}
