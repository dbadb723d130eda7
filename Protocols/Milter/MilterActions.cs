namespace Sift.Protocols.Milter;

/// <summary>
/// What the milter may do to a message (libmilter's <c>SMFIF_*</c>), the second field of option
/// negotiation. The MTA offers a set; the milter answers with the subset it needs.
/// </summary>
[Flags]
public enum MilterActions : uint
{
    /// <summary>No modifications.</summary>
    None = 0,
    /// <summary><c>SMFIF_ADDHDRS</c>: add and insert headers.</summary>
    AddHeaders = 0x001,
    /// <summary><c>SMFIF_CHGBODY</c>: replace the body.</summary>
    ChangeBody = 0x002,
    /// <summary><c>SMFIF_ADDRCPT</c>: add recipients.</summary>
    AddRecipients = 0x004,
    /// <summary><c>SMFIF_DELRCPT</c>: delete recipients.</summary>
    DeleteRecipients = 0x008,
    /// <summary><c>SMFIF_CHGHDRS</c>: change and delete headers.</summary>
    ChangeHeaders = 0x010,
    /// <summary><c>SMFIF_QUARANTINE</c>: quarantine the message.</summary>
    Quarantine = 0x020,
    /// <summary><c>SMFIF_CHGFROM</c>: change the envelope sender.</summary>
    ChangeFrom = 0x040,
    /// <summary><c>SMFIF_ADDRCPT_PAR</c>: add recipients with ESMTP arguments.</summary>
    AddRecipientsWithArgs = 0x080,
    /// <summary><c>SMFIF_SETSYMLIST</c>: ask for macro lists per stage.</summary>
    SetMacroList = 0x100,
}
