namespace Sift.Protocols.Milter;

/// <summary>Where a milter conversation is: what the MTA has sent so far.</summary>
public enum MilterStage : byte
{
    /// <summary>Waiting for option negotiation.</summary>
    Negotiate,
    /// <summary>Negotiated; waiting for connect (or, with <c>NOCONNECT</c>, HELO/MAIL).</summary>
    Connect,
    /// <summary>Connected or between messages: HELO or MAIL may come.</summary>
    Helo,
    /// <summary>After MAIL FROM.</summary>
    Mail,
    /// <summary>After at least one RCPT TO.</summary>
    Rcpt,
    /// <summary>After DATA.</summary>
    Data,
    /// <summary>Among the headers.</summary>
    Headers,
    /// <summary>After end of headers, among body chunks.</summary>
    Body,
    /// <summary>The MTA quit.</summary>
    Closed,
}
