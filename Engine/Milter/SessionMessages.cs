using System.Net;
using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

/// <summary>The MTA's client, as the session gets it at connect.</summary>
internal sealed record SessionConnect(string HostName, IPAddress? Address, string AddressText);

/// <summary>HELO/EHLO.</summary>
internal sealed record SessionHelo(string Helo);

/// <summary>MAIL FROM (a new message begins).</summary>
internal sealed record SessionMail(string Sender, string? QueueId);

/// <summary>RCPT TO.</summary>
internal sealed record SessionRcpt(string Recipient, string? QueueId);

/// <summary>DATA.</summary>
internal sealed record SessionData(string? QueueId);

/// <summary>One header (spooled as <c>Name: value</c>).</summary>
internal sealed record SessionHeader(string Name, string Value, bool LeadingSpace);

/// <summary>End of headers (spooled as the empty line).</summary>
internal sealed record SessionEndOfHeaders
{
    public static SessionEndOfHeaders Instance { get; } = new();
}

/// <summary>A body chunk, copied out of the connection's buffer into a pooled array the session returns.</summary>
internal sealed record SessionBody(byte[] Chunk, int Length);

/// <summary>End of message; <paramref name="Client"/> from its macros when connect was left out.</summary>
internal sealed record SessionEndOfMessage(string? QueueId, string? AuthservId, SessionConnect? Client);

/// <summary>The message was abandoned; the connection goes on.</summary>
internal sealed record SessionAbort
{
    public static SessionAbort Instance { get; } = new();
}

/// <summary>The session's answer to a stage: the reply, and at end of message the modifications.</summary>
/// <param name="Response">What the MTA is told.</param>
/// <param name="Headers">Headers to add (end of message only).</param>
/// <param name="Quarantine">The quarantine reason, when the action is quarantine (end of message only).</param>
public sealed record StageOutcome(MilterResponse Response, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Quarantine)
{
    /// <summary>Go on to the next stage.</summary>
    public static StageOutcome Continue { get; } = new(MilterResponse.Continue, [], null);
}

/// <summary>A stage's batch ended (piped back to the session).</summary>
internal sealed record StageChecked(GatewayStage Stage, IReadOnlyList<CheckSpec> Specs, BatchResult? Result, Exception? Error);
