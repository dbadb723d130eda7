using System.Net;
using Sift.Engine.Checks;

namespace Sift.Engine.Backends;

/// <summary>What the configured checks of one message look at: the SMTP envelope and, for content checks, the message.</summary>
/// <param name="ClientAddress">The SMTP client's address.</param>
/// <param name="Helo">The HELO/EHLO name.</param>
/// <param name="From">MAIL FROM (empty for the null sender).</param>
/// <param name="Recipients">RCPT TO addresses.</param>
/// <param name="Content">The message; null: content checks (clamd, spamc, rspamd, process) are not run.</param>
/// <param name="QueueId">The MTA's queue id, if known.</param>
public sealed record MessageContext(IPAddress ClientAddress, string? Helo, string? From, IReadOnlyList<string> Recipients,
    MessageContent? Content = null, string? QueueId = null)
{
    /// <summary>The domain of <see cref="From"/>, or null for the null sender or an address without '@'.</summary>
    public string? FromDomain
    {
        get
        {
            var from = (From ?? "").Trim().TrimStart('<').TrimEnd('>');
            var at = from.LastIndexOf('@');
            return at >= 0 && at < from.Length - 1 ? from[(at + 1)..] : null;
        }
    }

    /// <summary>The envelope as content scanners are told it.</summary>
    public MessageEnvelope Envelope => new(ClientAddress, Helo, From, Recipients, QueueId);
}
