namespace Sift.Engine.Milter;

/// <summary>The SMTP stages at which the gateway can run checks, in protocol order.</summary>
public enum GatewayStage
{
    /// <summary>The client connected (milter connect): its address and name are known.</summary>
    Connect,

    /// <summary>HELO/EHLO.</summary>
    Helo,

    /// <summary>MAIL FROM: the sender is known.</summary>
    Mail,

    /// <summary>The first RCPT TO.</summary>
    Rcpt,

    /// <summary>DATA: every recipient is known.</summary>
    Data,

    /// <summary>End of the message: headers and body are known; the only stage that can change the message.</summary>
    EndOfMessage,
}

/// <summary>What the gateway knows about a message, as flags: a check runs once all it needs is known.</summary>
[Flags]
public enum SessionInputs
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The client's address and host name.</summary>
    Client = 1,

    /// <summary>The HELO/EHLO name (possibly empty: a client may skip HELO).</summary>
    Helo = 2,

    /// <summary>The envelope sender.</summary>
    Sender = 4,

    /// <summary>At least one recipient.</summary>
    Recipients = 8,

    /// <summary>Every recipient (DATA was sent).</summary>
    AllRecipients = 16,

    /// <summary>The message's headers.</summary>
    Headers = 32,

    /// <summary>The whole message (headers and body, spooled).</summary>
    Content = 64,
}
