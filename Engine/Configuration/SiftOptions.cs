using Microsoft.Extensions.Configuration;

namespace Sift.Engine.Configuration;

/// <summary>
/// The typed form of the <c>sift</c> section of the configuration (see hocon/reference.conf).
/// Property defaults equal reference.conf's, so an instance built in code behaves like an empty file.
/// Durations bind into <see cref="TimeSpan"/> and sizes into <see cref="long"/> through
/// <see cref="Hocon.HoconTypeConverters"/>; dashed HOCON keys map to properties with
/// <see cref="ConfigurationKeyNameAttribute"/>.
/// </summary>
public sealed class SiftOptions
{
    /// <summary><c>sift.engine</c>.</summary>
    public EngineOptions Engine { get; set; } = new();

    /// <summary><c>sift.scoring</c>.</summary>
    public ScoringOptions Scoring { get; set; } = new();

    /// <summary><c>sift.dns</c>.</summary>
    public DnsOptions Dns { get; set; } = new();

    /// <summary><c>sift.checks</c>: the configured checks by name.</summary>
    public Dictionary<string, CheckOptions> Checks { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>sift.backends</c>.</summary>
    public BackendsOptions Backends { get; set; } = new();

    /// <summary><c>sift.milter</c>.</summary>
    public MilterOptions Milter { get; set; } = new();

    /// <summary><c>sift.limits</c>.</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary><c>sift.logging</c>.</summary>
    public LoggingOptions Logging { get; set; } = new();
}

/// <summary><c>sift.engine</c>: concurrency and time.</summary>
public sealed class EngineOptions
{
    /// <summary>Checks in flight for the whole engine.</summary>
    [ConfigurationKeyName("max-concurrency")]
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>The aggregator answers after this long whatever is pending.</summary>
    [ConfigurationKeyName("global-timeout")]
    public TimeSpan GlobalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Initial deadline of a DNS lookup.</summary>
    [ConfigurationKeyName("dns-timeout")]
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of a socket check.</summary>
    [ConfigurationKeyName("socket-timeout")]
    public TimeSpan SocketTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Floor of the adaptive deadline as a share of the initial one.</summary>
    [ConfigurationKeyName("timeout-min-ratio")]
    public double TimeoutMinRatio { get; set; } = 0.2;

    /// <summary>Bounded mailbox of each router.</summary>
    [ConfigurationKeyName("mailbox-capacity")]
    public int MailboxCapacity { get; set; } = 1000;

    /// <summary>Answer once the reject threshold is certain.</summary>
    [ConfigurationKeyName("early-verdict")]
    public bool EarlyVerdict { get; set; } = true;
}

/// <summary><c>sift.scoring</c>: thresholds and the action table.</summary>
public sealed class ScoringOptions
{
    /// <summary>Score at or above which the message is rejected.</summary>
    [ConfigurationKeyName("reject-at")]
    public double RejectAt { get; set; } = 8.0;

    /// <summary>Score at or above which the message is tempfailed (the top band).</summary>
    [ConfigurationKeyName("tempfail-at")]
    public double TempfailAt { get; set; } = 12.0;

    /// <summary>Extra bands by name.</summary>
    public Dictionary<string, ScoringActionOptions> Actions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Header added by the add-header action.</summary>
    [ConfigurationKeyName("spam-header")]
    public string SpamHeader { get; set; } = "X-Sift-Spam";

    /// <summary>Most reasons listed in a reply.</summary>
    [ConfigurationKeyName("max-reasons")]
    public int MaxReasons { get; set; } = 5;
}

/// <summary>One band of the action table.</summary>
public sealed class ScoringActionOptions
{
    /// <summary>Score at or above which the band applies.</summary>
    public double At { get; set; }

    /// <summary>reject, tempfail, add-header, discard or quarantine.</summary>
    public string Action { get; set; } = "";
}
