using Microsoft.Extensions.Configuration;

namespace Sift.Engine.Configuration;

/// <summary><c>sift.milter</c>: the gateway's listener and what it tells the MTA.</summary>
public sealed class MilterOptions
{
    /// <summary>inet:PORT@ADDRESS or unix:/path.</summary>
    public string Listen { get; set; } = "inet:8890@127.0.0.1";

    /// <summary>Concurrent MTA connections.</summary>
    [ConfigurationKeyName("max-connections")]
    public int MaxConnections { get; set; } = 200;

    /// <summary>Longest wait for the next milter command.</summary>
    [ConfigurationKeyName("command-timeout")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Messages larger than this, in bytes, are spooled to disk.</summary>
    [ConfigurationKeyName("spool-memory-threshold")]
    public long SpoolMemoryThreshold { get; set; } = 1024 * 1024;

    /// <summary>Folder for spooled messages (empty: the temporary folder).</summary>
    [ConfigurationKeyName("spool-directory")]
    public string SpoolDirectory { get; set; } = "";

    /// <summary>What the MTA is told when Sift cannot decide.</summary>
    [ConfigurationKeyName("default-action")]
    public string DefaultAction { get; set; } = "tempfail";

    /// <summary>On shutdown, how long sessions in flight may go on before the rest are answered tempfail.</summary>
    [ConfigurationKeyName("grace-period")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stages at which checks may run.</summary>
    public MilterStagesOptions Stages { get; set; } = new();

    /// <summary>Replies per action.</summary>
    public MilterRepliesOptions Replies { get; set; } = new();

    /// <summary>Headers added to accepted messages.</summary>
    public MilterHeadersOptions Headers { get; set; } = new();
}

/// <summary><c>sift.milter.stages</c>.</summary>
public sealed class MilterStagesOptions
{
    /// <summary>Enabled stages (reference.conf lists all of them).</summary>
    public List<string> Enabled { get; set; } = [];
}

/// <summary><c>sift.milter.replies</c>.</summary>
public sealed class MilterRepliesOptions
{
    /// <summary>Reply to a rejected message.</summary>
    public string Reject { get; set; } = "550 5.7.1 Message rejected as spam";

    /// <summary>Reply to a tempfailed message.</summary>
    public string Tempfail { get; set; } = "451 4.7.1 Try again later";

    /// <summary>Reply to a message over <c>sift.limits.max-message-size</c>.</summary>
    [ConfigurationKeyName("too-large")]
    public string TooLarge { get; set; } = "552 5.3.4 Message size exceeds the limit";

    /// <summary>Reason given to the MTA's quarantine (<c>{reason}</c>: the verdict's first reason).</summary>
    public string Quarantine { get; set; } = "Sift: {reason}";
}

/// <summary><c>sift.milter.headers</c>.</summary>
public sealed class MilterHeadersOptions
{
    /// <summary>Add a score and verdict header.</summary>
    [ConfigurationKeyName("add-status")]
    public bool AddStatus { get; set; } = true;

    /// <summary>Name of that header.</summary>
    [ConfigurationKeyName("status-header")]
    public string StatusHeader { get; set; } = "X-Sift-Status";

    /// <summary>Add SpamAssassin-style X-Spam-Score and X-Spam-Status headers.</summary>
    [ConfigurationKeyName("spam-headers")]
    public bool SpamHeaders { get; set; } = true;

    /// <summary>Add an Authentication-Results header (RFC 8601) from the SPF and DMARC checks.</summary>
    [ConfigurationKeyName("authentication-results")]
    public bool AuthenticationResults { get; set; } = true;

    /// <summary>The authserv-id of Authentication-Results (empty: the MTA's macro j, else this host's name).</summary>
    [ConfigurationKeyName("authserv-id")]
    public string AuthservId { get; set; } = "";

    /// <summary>Add a header with every check's status and duration.</summary>
    public bool Timings { get; set; }

    /// <summary>Name of that header.</summary>
    [ConfigurationKeyName("timings-header")]
    public string TimingsHeader { get; set; } = "X-Sift-Timings";

    /// <summary>Extra headers: name → value.</summary>
    public Dictionary<string, string> Add { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>sift.limits</c>: sizes and counts.</summary>
public sealed class LimitsOptions
{
    /// <summary>Largest message scanned, in bytes.</summary>
    [ConfigurationKeyName("max-message-size")]
    public long MaxMessageSize { get; set; } = 50L * 1024 * 1024;

    /// <summary>Recipients considered per message.</summary>
    [ConfigurationKeyName("max-recipients")]
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>Header bytes kept, in bytes.</summary>
    [ConfigurationKeyName("max-header-size")]
    public long MaxHeaderSize { get; set; } = 1024 * 1024;

    /// <summary>Output a process check may produce, in bytes.</summary>
    [ConfigurationKeyName("max-process-output")]
    public long MaxProcessOutput { get; set; } = 64 * 1024;
}

/// <summary><c>sift.logging</c>.</summary>
public sealed class LoggingOptions
{
    /// <summary>Lowest level written.</summary>
    public string Level { get; set; } = "information";

    /// <summary>Per-category overrides.</summary>
    public Dictionary<string, string> Levels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>One line per verdict with every check's timing.</summary>
    [ConfigurationKeyName("verdict-lines")]
    public bool VerdictLines { get; set; } = true;
}
