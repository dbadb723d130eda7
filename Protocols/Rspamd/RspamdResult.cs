namespace Sift.Protocols.Rspamd;

/// <summary>rspamd's answer to <c>/checkv2</c>.</summary>
public sealed record RspamdResult
{
    /// <summary>The message's score.</summary>
    public required double Score { get; init; }

    /// <summary>The score of the reject action (rspamd's <c>required_score</c>).</summary>
    public required double RequiredScore { get; init; }

    /// <summary>The recommended action.</summary>
    public required RspamdAction Action { get; init; }

    /// <summary>The action as rspamd spelled it.</summary>
    public required string ActionName { get; init; }

    /// <summary>The symbols (rules) that matched, in rspamd's order.</summary>
    public IReadOnlyList<RspamdSymbol> Symbols { get; init; } = [];

    /// <summary>Messages keyed by kind, e.g. <c>smtp_message</c> → <c>Gtube pattern</c>.</summary>
    public IReadOnlyDictionary<string, string> Messages { get; init; } = new Dictionary<string, string>();

    /// <summary>Header changes rspamd asks the MTA to make; empty when it asks none.</summary>
    public RspamdMilterBlock Milter { get; init; } = RspamdMilterBlock.None;

    /// <summary>True when rspamd skipped the rules (a pre-filter such as GTUBE or settings decided).</summary>
    public bool IsSkipped { get; init; }

    /// <summary>The Message-ID rspamd saw (<c>undef</c> when none).</summary>
    public string? MessageId { get; init; }

    /// <summary>The SMTP message rspamd suggests for a rejection, when it gave one.</summary>
    public string? SmtpMessage => Messages.TryGetValue("smtp_message", out var m) ? m : null;
}

/// <summary>One matched rspamd symbol.</summary>
/// <param name="Name">The symbol, e.g. <c>MIME_GOOD</c>.</param>
/// <param name="Score">Its contribution to the score.</param>
/// <param name="Description">rspamd's description; null when it has none.</param>
/// <param name="Options">Details the rule attached (matched values, addresses…).</param>
public sealed record RspamdSymbol(string Name, double Score, string? Description, IReadOnlyList<string> Options);

/// <summary>A header rspamd asks to add.</summary>
/// <param name="Name">The header name.</param>
/// <param name="Value">Its value.</param>
/// <param name="Order">Where to insert it (0 = first); null to append.</param>
public sealed record RspamdHeaderToAdd(string Name, string Value, int? Order);

/// <summary>The <c>milter</c> block: headers to add and to remove.</summary>
public sealed record RspamdMilterBlock
{
    /// <summary>Headers to add.</summary>
    public IReadOnlyList<RspamdHeaderToAdd> AddHeaders { get; init; } = [];

    /// <summary>Headers to remove: name → which instance (0 = all, n = the n-th, negative from the end).</summary>
    public IReadOnlyDictionary<string, int> RemoveHeaders { get; init; } = new Dictionary<string, int>();

    /// <summary>No changes.</summary>
    public static RspamdMilterBlock None { get; } = new();
}
