using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Results;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

/// <summary>
/// The gateway's policy, read once from <see cref="SiftOptions"/> and immutable: which checks run
/// at which stage, how scores become actions, the replies and the headers, the size limits.
/// A reload builds a new policy; sessions in flight keep the one they started with.
/// </summary>
public sealed partial class GatewayPolicy
{
    private readonly PolicyCheck[][] _byStage;

    private GatewayPolicy(IReadOnlyList<PolicyCheck> checks, Builder b)
    {
        Checks = checks;
        _byStage = new PolicyCheck[Enum.GetValues<GatewayStage>().Length][];
        foreach (var stage in Enum.GetValues<GatewayStage>())
        {
            _byStage[(int)stage] = checks.Where(c => c.Stage == stage).ToArray();
        }
        Inputs = checks.Aggregate(SessionInputs.None, static (inputs, c) => inputs | StageTable.Reads(c.Kind, c.Stage));
        MilterProtocol = GatewayProtocol.For(Inputs, HasChecks);
        Reject = b.Reject!;
        Tempfail = b.Tempfail!;
        TooLarge = b.TooLarge!;
        QuarantineReason = b.Options.Milter.Replies.Quarantine;
        Thresholds = new ScoringThresholds(b.Options.Scoring.RejectAt, b.Options.Scoring.TempfailAt);
        Bands = b.Bands;
        MaxReasons = Math.Max(1, b.Options.Scoring.MaxReasons);
        SpamHeader = b.Options.Scoring.SpamHeader;
        Headers = b.Options.Milter.Headers;
        MaxMessageSize = b.Options.Limits.MaxMessageSize;
        MaxHeaderSize = b.Options.Limits.MaxHeaderSize;
        MaxRecipients = b.Options.Limits.MaxRecipients;
        SpoolMemoryThreshold = b.Options.Milter.SpoolMemoryThreshold;
        SpoolDirectory = b.Options.Milter.SpoolDirectory;
        DefaultResponse = b.DefaultResponse;
    }

    /// <summary>Every enabled check.</summary>
    public IReadOnlyList<PolicyCheck> Checks { get; }

    /// <summary>What the checks read from the session, together.</summary>
    public SessionInputs Inputs { get; }

    /// <summary>
    /// What the gateway asks of the MTA (<see cref="GatewayProtocol"/>): the stages no check uses left
    /// out, those that only deliver inputs sent without a reply.
    /// </summary>
    public MilterProtocolFlags MilterProtocol { get; }

    /// <summary>
    /// True when a check reads the message (headers and body): only then is it spooled — and only
    /// then does Sift see its size; otherwise the MTA's own limit is the one that holds.
    /// </summary>
    public bool SpoolsContent => (Inputs & SessionInputs.Content) != 0;

    /// <summary>The reply to REJECT.</summary>
    public SmtpReplyTemplate Reject { get; }

    /// <summary>The reply to TEMPFAIL.</summary>
    public SmtpReplyTemplate Tempfail { get; }

    /// <summary>The reply to a message over <see cref="MaxMessageSize"/>.</summary>
    public SmtpReplyTemplate TooLarge { get; }

    /// <summary>The quarantine reason template.</summary>
    public string QuarantineReason { get; }

    /// <summary>reject-at and tempfail-at.</summary>
    public ScoringThresholds Thresholds { get; }

    /// <summary>Extra bands for messages that PASS, highest first: at this score, this action.</summary>
    public IReadOnlyList<(double At, FilterAction Action)> Bands { get; }

    /// <summary>Most reasons in the status header and the log line.</summary>
    public int MaxReasons { get; }

    /// <summary>The header the add-header action adds.</summary>
    public string SpamHeader { get; }

    /// <summary>Which headers accepted messages get.</summary>
    public MilterHeadersOptions Headers { get; }

    /// <summary>Largest message accepted, in bytes.</summary>
    public long MaxMessageSize { get; }

    /// <summary>Header bytes kept.</summary>
    public long MaxHeaderSize { get; }

    /// <summary>Recipients kept.</summary>
    public int MaxRecipients { get; }

    /// <summary>Bytes spooled in memory before a temp file is used.</summary>
    public long SpoolMemoryThreshold { get; }

    /// <summary>Folder of spool files (empty: the temporary folder).</summary>
    public string SpoolDirectory { get; }

    /// <summary>What the MTA is told when Sift cannot decide.</summary>
    public MilterResponse DefaultResponse { get; }

    /// <summary>The checks that run at <paramref name="stage"/>.</summary>
    public IReadOnlyList<PolicyCheck> ChecksAt(GatewayStage stage) => _byStage[(int)stage];

    /// <summary>True when checks run at <paramref name="stage"/>.</summary>
    public bool HasChecks(GatewayStage stage) => _byStage[(int)stage].Length > 0;

    /// <summary>
    /// The action for a score: REJECT and TEMPFAIL verdicts give reject and tempfail; a PASS takes
    /// the action of the highest extra band its score reaches (add-header, discard, quarantine…), else accept.
    /// </summary>
    public FilterAction ActionFor(ScoreResult score)
    {
        ArgumentNullException.ThrowIfNull(score);
        switch (score.Verdict)
        {
            case Verdict.Reject: return FilterAction.Reject;
            case Verdict.Tempfail: return FilterAction.Tempfail;
        }
        foreach (var (at, action) in Bands)
        {
            if (score.Score >= at)
            {
                return action;
            }
        }
        return FilterAction.Accept;
    }

    /// <summary>Builds the policy; every problem is reported at once.</summary>
    /// <exception cref="GatewayPolicyException">One or more settings are wrong; each is listed.</exception>
    public static GatewayPolicy From(SiftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var b = new Builder(options);
        var checks = b.Build();
        if (b.Errors.Count > 0)
        {
            throw new GatewayPolicyException(b.Errors);
        }
        return new GatewayPolicy(checks, b);
    }
}

/// <summary>The gateway policy cannot be built from the configuration.</summary>
public sealed class GatewayPolicyException : Exception
{
    /// <summary>Creates the exception with every problem.</summary>
    public GatewayPolicyException(IReadOnlyList<string> errors)
        : base("The milter policy is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    /// <summary>Each problem, one line each.</summary>
    public IReadOnlyList<string> Errors { get; }
}
