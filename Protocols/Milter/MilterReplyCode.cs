namespace Sift.Protocols.Milter;

/// <summary>
/// Packets the milter sends to the MTA (libmilter's <c>SMFIR_*</c>): replies to a command, and
/// the message modifications allowed at end of body.
/// </summary>
public enum MilterReplyCode : byte
{
    /// <summary><c>SMFIR_ADDRCPT</c>: add an envelope recipient.</summary>
    AddRecipient = (byte)'+',
    /// <summary><c>SMFIR_DELRCPT</c>: remove an envelope recipient.</summary>
    DeleteRecipient = (byte)'-',
    /// <summary><c>SMFIR_ADDRCPT_PAR</c>: add an envelope recipient with ESMTP arguments.</summary>
    AddRecipientWithArgs = (byte)'2',
    /// <summary><c>SMFIR_ACCEPT</c>: accept the message (or connection) without further callbacks.</summary>
    Accept = (byte)'a',
    /// <summary><c>SMFIR_REPLBODY</c>: one chunk of the replacement body.</summary>
    ReplaceBody = (byte)'b',
    /// <summary><c>SMFIR_CONTINUE</c>: go on to the next stage.</summary>
    Continue = (byte)'c',
    /// <summary><c>SMFIR_DISCARD</c>: accept and silently drop the message.</summary>
    Discard = (byte)'d',
    /// <summary><c>SMFIR_CHGFROM</c>: replace the envelope sender.</summary>
    ChangeFrom = (byte)'e',
    /// <summary><c>SMFIR_ADDHEADER</c>: append a header.</summary>
    AddHeader = (byte)'h',
    /// <summary><c>SMFIR_INSHEADER</c>: insert a header at an index.</summary>
    InsertHeader = (byte)'i',
    /// <summary><c>SMFIR_SETSYMLIST</c>: macro list (only inside the negotiation reply in practice).</summary>
    SetMacroList = (byte)'l',
    /// <summary><c>SMFIR_CHGHEADER</c>: change (or, with an empty value, delete) the n-th header of a name.</summary>
    ChangeHeader = (byte)'m',
    /// <summary><c>SMFIR_OPTNEG</c>: the answer to option negotiation.</summary>
    Negotiate = (byte)'O',
    /// <summary><c>SMFIR_PROGRESS</c>: still working; the MTA restarts its timeout.</summary>
    Progress = (byte)'p',
    /// <summary><c>SMFIR_QUARANTINE</c>: put the message on hold with a reason.</summary>
    Quarantine = (byte)'q',
    /// <summary><c>SMFIR_REJECT</c>: reject (5xx).</summary>
    Reject = (byte)'r',
    /// <summary><c>SMFIR_SKIP</c>: send no more body chunks (needs <c>SMFIP_SKIP</c>).</summary>
    Skip = (byte)'s',
    /// <summary><c>SMFIR_TEMPFAIL</c>: temporary failure (4xx).</summary>
    TempFail = (byte)'t',
    /// <summary><c>SMFIR_REPLYCODE</c>: a full SMTP reply ("550 5.7.1 text", NUL-terminated).</summary>
    ReplyCode = (byte)'y',
}
