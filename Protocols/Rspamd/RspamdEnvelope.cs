namespace Sift.Protocols.Rspamd;

/// <summary>
/// What the MTA knows about a message beyond its content; sent to rspamd as request headers
/// (<c>IP</c>, <c>Helo</c>, <c>Hostname</c>, <c>From</c>, <c>Rcpt</c>, <c>Queue-Id</c>, <c>User</c>,
/// <c>Settings-ID</c>). Every field is optional.
/// </summary>
public sealed record RspamdEnvelope
{
    /// <summary>The connecting client's IP address.</summary>
    public string? Ip { get; init; }

    /// <summary>The HELO/EHLO name the client gave.</summary>
    public string? Helo { get; init; }

    /// <summary>The client's host name from reverse DNS (<c>unknown</c> when it has none).</summary>
    public string? Hostname { get; init; }

    /// <summary>The envelope sender (MAIL FROM).</summary>
    public string? From { get; init; }

    /// <summary>The envelope recipients (RCPT TO), one <c>Rcpt</c> value each.</summary>
    public IReadOnlyList<string> Rcpt { get; init; } = [];

    /// <summary>The MTA's queue id, for rspamd's log.</summary>
    public string? QueueId { get; init; }

    /// <summary>The authenticated SMTP user, when the client authenticated.</summary>
    public string? User { get; init; }

    /// <summary>The id of an rspamd settings block to apply.</summary>
    public string? SettingsId { get; init; }

    /// <summary>Sends <c>Pass: all</c> so that every rule runs even once the verdict is certain; default true.</summary>
    public bool PassAll { get; init; } = true;

    /// <summary>An envelope with nothing in it (only <c>Pass: all</c>).</summary>
    public static RspamdEnvelope Empty { get; } = new();
}
