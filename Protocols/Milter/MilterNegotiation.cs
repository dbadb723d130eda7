namespace Sift.Protocols.Milter;

/// <summary>The three fields of option negotiation and, in a milter's answer, its macro lists.</summary>
/// <param name="Version">Protocol version (6 for Postfix and libmilter 8.14+).</param>
/// <param name="Actions">Modifications offered (MTA) or needed (milter).</param>
/// <param name="Protocol">Steps and behaviours offered (MTA) or chosen (milter).</param>
/// <param name="Macros">Space-separated macro names per stage, or null when none are asked for.</param>
public sealed record MilterNegotiation(
    uint Version,
    MilterActions Actions,
    MilterProtocolFlags Protocol,
    IReadOnlyDictionary<MilterMacroStage, string>? Macros = null)
{
    /// <summary>The protocol version this library speaks.</summary>
    public const uint CurrentVersion = 6;
}
