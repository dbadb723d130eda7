namespace Sift.Protocols.Milter;

/// <summary>
/// Stages a milter can ask macros for in the negotiation reply (libmilter's <c>SMFIM_*</c>,
/// sent as a 32-bit index before the space-separated macro names).
/// </summary>
public enum MilterMacroStage : uint
{
    /// <summary><c>SMFIM_CONNECT</c>.</summary>
    Connect = 0,
    /// <summary><c>SMFIM_HELO</c>.</summary>
    Helo = 1,
    /// <summary><c>SMFIM_ENVFROM</c>.</summary>
    MailFrom = 2,
    /// <summary><c>SMFIM_ENVRCPT</c>.</summary>
    Rcpt = 3,
    /// <summary><c>SMFIM_DATA</c>.</summary>
    Data = 4,
    /// <summary><c>SMFIM_EOM</c>.</summary>
    EndOfMessage = 5,
    /// <summary><c>SMFIM_EOH</c>.</summary>
    EndOfHeaders = 6,
}
