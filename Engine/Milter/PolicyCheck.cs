using Sift.Engine.Checks;
using Sift.Protocols.Process;

namespace Sift.Engine.Milter;

/// <summary>
/// One configured check as the gateway runs it: its kind, the stage it runs at, how it counts,
/// and what it needs from the message to become a <see cref="CheckSpec"/>.
/// </summary>
/// <param name="Name">The check's name (<c>sift.checks.NAME</c>).</param>
/// <param name="Kind">The engine kind that runs it.</param>
/// <param name="Stage">The stage it runs at.</param>
/// <param name="Weight">Score added on a hit.</param>
/// <param name="OnError">What an error means.</param>
/// <param name="Timeout">Its own timeout-initial, if any.</param>
/// <param name="Zone">The DNS zone of blocklist kinds.</param>
/// <param name="Argv">Program and arguments of a process check.</param>
/// <param name="User">The spamd user of a spamc check.</param>
public sealed record PolicyCheck(
    string Name,
    string Kind,
    GatewayStage Stage,
    double Weight,
    ErrorPolicy OnError,
    TimeSpan? Timeout,
    string Zone,
    IReadOnlyList<string> Argv,
    string? User)
{
    /// <summary>
    /// The check for this message, or null when it does not apply (a blocklist of addresses for a
    /// client without one, an RHSBL without a sender domain, DMARC without a From: domain).
    /// </summary>
    public CheckSpec? Build(GatewayMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var spec = Kind switch
        {
            CheckKinds.Dnsbl => message.ClientAddress is { } ip ? Check.Dnsbl(Name, ip, Zone) : null,
            CheckKinds.Rdns => message.ClientAddress is { } ip ? Check.Rdns(Name, ip) : null,
            CheckKinds.Spf => message.ClientAddress is { } ip ? Check.Spf(Name, ip, message.Sender ?? "", message.Helo ?? "") : null,
            CheckKinds.Rhsbl => message.SenderDomain is { } domain ? Check.Rhsbl(Name, domain, Zone) : null,
            CheckKinds.Hashbl => message.Sender is { Length: > 0 } sender ? Check.Hashbl(Name, sender, Zone) : null,
            CheckKinds.Dmarc => message.FromDomain is { } from ? Check.Dmarc(Name, from) : null,
            CheckKinds.Clamd => message.Content is { } content ? Check.Clamd(Name, content) : null,
            CheckKinds.Spamc => message.Content is { } content ? Check.Spamc(Name, content, User) : null,
            CheckKinds.Rspamd => message.Content is { } content ? Check.Rspamd(Name, content, message.ToEnvelope()) : null,
            CheckKinds.Process => Check.Process(Name, new ProcessRunOptions
            {
                FileName = Argv[0],
                Arguments = Argv.Skip(1).ToArray(),
                Timeout = Timeout ?? TimeSpan.FromSeconds(30),
            }, message.Content),
            _ => Check.Custom(Kind, Name, message),
        };
        if (spec is null)
        {
            return null;
        }
        spec = spec.WithWeight(Weight).AtStage(StageTable.NameOf(Stage)) with { OnError = OnError };
        return Timeout is { } t ? spec.WithTimeout(t) : spec;
    }
}
