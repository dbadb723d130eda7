using System.Net;
using Sift.Engine.Checks;

namespace Sift.Engine.Milter;

/// <summary>
/// What the gateway knows about a message when a stage's checks run: the inputs of
/// <see cref="StageTable"/>. Custom check kinds receive it as their parameters.
/// </summary>
/// <param name="ClientAddress">The SMTP client's address (null for a local or unknown client).</param>
/// <param name="ClientName">The client's host name as the MTA gave it.</param>
/// <param name="Helo">The HELO/EHLO name, if sent.</param>
/// <param name="Sender">The envelope sender without angle brackets ("" for the null sender), once MAIL was sent.</param>
/// <param name="Recipients">The envelope recipients so far.</param>
/// <param name="FromDomain">The domain of the From: header, once the headers are known.</param>
/// <param name="QueueId">The MTA's queue id (macro <c>i</c>), when known.</param>
/// <param name="Content">The spooled message, at end of message.</param>
/// <param name="Stage">The stage whose checks are being built.</param>
public sealed record GatewayMessage(
    IPAddress? ClientAddress,
    string ClientName,
    string? Helo,
    string? Sender,
    IReadOnlyList<string> Recipients,
    string? FromDomain,
    string? QueueId,
    MessageContent? Content,
    GatewayStage Stage)
{
    /// <summary>The domain of the envelope sender (or of the HELO name for the null sender), if any.</summary>
    public string? SenderDomain => Sender is { Length: > 0 } s && s.LastIndexOf('@') is var at and >= 0 && at < s.Length - 1
        ? s[(at + 1)..].TrimEnd('.').ToLowerInvariant()
        : Helo is { Length: > 0 } h && !h.StartsWith('[') ? h.TrimEnd('.').ToLowerInvariant() : null;

    /// <summary>The envelope as the engine's content checks take it.</summary>
    public MessageEnvelope ToEnvelope() => new(ClientAddress, Helo, Sender, Recipients, QueueId);

    /// <summary>Strips the angle brackets the MTA sends around an address: <c>&lt;a@b&gt;</c> → <c>a@b</c>.</summary>
    public static string Unbracket(string address)
    {
        var a = address.Trim();
        return a.Length >= 2 && a[0] == '<' && a[^1] == '>' ? a[1..^1] : a;
    }

    /// <summary>The domain of an address in a From: header value (<c>"Name" &lt;a@b.example&gt;</c> → <c>b.example</c>), or null.</summary>
    public static string? DomainOfHeaderAddress(string value)
    {
        var v = value.AsSpan();
        var open = v.LastIndexOf('<');
        if (open >= 0)
        {
            var close = v[open..].IndexOf('>');
            v = close > 0 ? v.Slice(open + 1, close - 1) : v[(open + 1)..];
        }
        var at = v.LastIndexOf('@');
        if (at < 0 || at == v.Length - 1)
        {
            return null;
        }
        var domain = v[(at + 1)..].Trim().TrimEnd('.');
        var end = domain.IndexOfAny(" \t,;()\"");
        if (end >= 0)
        {
            domain = domain[..end];
        }
        return domain.IsEmpty ? null : domain.ToString().ToLowerInvariant();
    }
}
