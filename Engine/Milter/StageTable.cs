using Sift.Engine.Checks;

namespace Sift.Engine.Milter;

/// <summary>
/// The gateway's stage table, as data: what is known at each stage, and what each check kind
/// needs. A check runs at the stage its configuration names, or by default at the earliest
/// stage where its inputs are complete; naming a stage where they are not is a configuration
/// error.
/// </summary>
public static class StageTable
{
    private const SessionInputs AtConnect = SessionInputs.Client;
    private const SessionInputs AtHelo = AtConnect | SessionInputs.Helo;
    private const SessionInputs AtMail = AtHelo | SessionInputs.Sender;
    private const SessionInputs AtRcpt = AtMail | SessionInputs.Recipients;
    private const SessionInputs AtData = AtRcpt | SessionInputs.AllRecipients;
    private const SessionInputs AtEom = AtData | SessionInputs.Headers | SessionInputs.Content;

    /// <summary>Each stage: its name in configuration and what is known when its checks run.</summary>
    private static readonly (GatewayStage Stage, string Name, SessionInputs Known)[] Stages =
    [
        (GatewayStage.Connect,      "connect", AtConnect),
        (GatewayStage.Helo,         "helo",    AtHelo),
        (GatewayStage.Mail,         "mail",    AtMail),
        (GatewayStage.Rcpt,         "rcpt",    AtRcpt),
        (GatewayStage.Data,         "data",    AtData),
        (GatewayStage.EndOfMessage, "eom",     AtEom),
    ];

    /// <summary>
    /// Each built-in kind: what it needs (its default stage follows from it), and what it reads when
    /// it runs, which can be more (rspamd's request carries the envelope) — the gateway asks the MTA
    /// for exactly what the configured checks read.
    /// </summary>
    private static readonly (string Kind, SessionInputs Needs, SessionInputs Reads)[] Kinds =
    [
        (CheckKinds.Dnsbl,   SessionInputs.Client,                                             SessionInputs.Client),  // connect
        (CheckKinds.Rdns,    SessionInputs.Client,                                             SessionInputs.Client),  // connect
        (CheckKinds.Spf,     SessionInputs.Client | SessionInputs.Helo | SessionInputs.Sender, AtMail),                // mail
        (CheckKinds.Rhsbl,   SessionInputs.Sender,                                             SessionInputs.Sender | SessionInputs.Helo), // mail: the sender's domain, HELO's for <>
        (CheckKinds.Hashbl,  SessionInputs.Sender,                                             SessionInputs.Sender),  // mail: the sender's address
        (CheckKinds.Dmarc,   SessionInputs.Headers,                                            SessionInputs.Headers), // eom: the From: domain
        (CheckKinds.Clamd,   SessionInputs.Content,                                            SessionInputs.Content), // eom
        (CheckKinds.Spamc,   SessionInputs.Content,                                            SessionInputs.Content), // eom
        (CheckKinds.Rspamd,  SessionInputs.Content,                                            AtEom),                 // eom, with the envelope
        (CheckKinds.Process, SessionInputs.Content,                                            SessionInputs.Content), // eom
    ];

    /// <summary>The stage named <paramref name="name"/> in configuration (connect, helo, mail, rcpt, data, eom).</summary>
    public static bool TryParse(string? name, out GatewayStage stage)
    {
        foreach (var row in Stages)
        {
            if (string.Equals(row.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                stage = row.Stage;
                return true;
            }
        }
        stage = default;
        return false;
    }

    /// <summary>The configuration name of <paramref name="stage"/>.</summary>
    public static string NameOf(GatewayStage stage) => Stages[(int)stage].Name;

    /// <summary>What is known when the checks of <paramref name="stage"/> run.</summary>
    public static SessionInputs Known(GatewayStage stage) => Stages[(int)stage].Known;

    /// <summary>What checks of <paramref name="kind"/> need; a custom kind takes what there is at its stage.</summary>
    public static SessionInputs Needs(string kind)
    {
        foreach (var row in Kinds)
        {
            if (row.Kind == kind)
            {
                return row.Needs;
            }
        }
        return SessionInputs.None;
    }

    /// <summary>
    /// What a check of <paramref name="kind"/> reads when it runs at <paramref name="stage"/>: its own
    /// inputs for built-in kinds; for custom kinds everything known there (they get the whole message).
    /// </summary>
    public static SessionInputs Reads(string kind, GatewayStage stage)
    {
        foreach (var row in Kinds)
        {
            if (row.Kind == kind)
            {
                return row.Reads;
            }
        }
        return Known(stage);
    }

    /// <summary>The earliest stage where everything <paramref name="kind"/> needs is known; end of message for custom kinds.</summary>
    public static GatewayStage DefaultStage(string kind)
    {
        if (!Kinds.Any(row => row.Kind == kind))
        {
            return GatewayStage.EndOfMessage;
        }
        var needs = Needs(kind);
        foreach (var row in Stages)
        {
            if ((row.Known & needs) == needs)
            {
                return row.Stage;
            }
        }
        return GatewayStage.EndOfMessage;
    }

    /// <summary>True when checks of <paramref name="kind"/> can run at <paramref name="stage"/>.</summary>
    public static bool CanRun(string kind, GatewayStage stage) => (Known(stage) & Needs(kind)) == Needs(kind);

    /// <summary>The names of every stage, in order.</summary>
    public static IEnumerable<string> Names => Stages.Select(s => s.Name);
}
