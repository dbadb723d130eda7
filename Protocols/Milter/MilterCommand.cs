namespace Sift.Protocols.Milter;

/// <summary>
/// Commands the MTA sends to the milter (libmilter's <c>SMFIC_*</c>, one ASCII byte after the
/// 4-byte length of every packet).
/// </summary>
public enum MilterCommand : byte
{
    /// <summary><c>SMFIC_ABORT</c>: the current message is abandoned; the connection stays.</summary>
    Abort = (byte)'A',
    /// <summary><c>SMFIC_BODY</c>: one body chunk of at most 65535 bytes.</summary>
    Body = (byte)'B',
    /// <summary><c>SMFIC_CONNECT</c>: host name, family, port and address of the SMTP client.</summary>
    Connect = (byte)'C',
    /// <summary><c>SMFIC_MACRO</c>: the command letter the macros belong to, then name/value pairs.</summary>
    Macro = (byte)'D',
    /// <summary><c>SMFIC_BODYEOB</c>: end of the message body.</summary>
    EndOfBody = (byte)'E',
    /// <summary><c>SMFIC_HELO</c>: the HELO/EHLO argument.</summary>
    Helo = (byte)'H',
    /// <summary><c>SMFIC_QUIT_NC</c>: the SMTP session ended; a new one follows on this connection.</summary>
    QuitNewConnection = (byte)'K',
    /// <summary><c>SMFIC_HEADER</c>: one header, name and value.</summary>
    Header = (byte)'L',
    /// <summary><c>SMFIC_MAIL</c>: MAIL FROM address and its ESMTP arguments.</summary>
    Mail = (byte)'M',
    /// <summary><c>SMFIC_EOH</c>: end of the headers.</summary>
    EndOfHeaders = (byte)'N',
    /// <summary><c>SMFIC_OPTNEG</c>: option negotiation (version, actions, protocol flags).</summary>
    Negotiate = (byte)'O',
    /// <summary><c>SMFIC_QUIT</c>: the MTA closes the connection.</summary>
    Quit = (byte)'Q',
    /// <summary><c>SMFIC_RCPT</c>: RCPT TO address and its ESMTP arguments.</summary>
    Rcpt = (byte)'R',
    /// <summary><c>SMFIC_DATA</c>: the DATA command.</summary>
    Data = (byte)'T',
    /// <summary><c>SMFIC_UNKNOWN</c>: an SMTP command the MTA does not know.</summary>
    Unknown = (byte)'U',
}
