using Microsoft.Extensions.Logging;
using Sift.Engine.Results;

namespace Sift.Engine;

/// <summary>
/// Settings of a <see cref="FilterEngine"/>, read once when it is created. Defaults are those of
/// Mail::MIMEDefang::Async (max-concurrency 10, global-timeout 10 s, dns-timeout 5 s,
/// socket-timeout 5 s) and of its Results module (reject-at 8, tempfail-at 12).
/// </summary>
public sealed record FilterEngineOptions
{
    /// <summary>Checks of one batch in flight at once; the rest wait for a free place. Default 10.</summary>
    public int MaxConcurrency { get; init; } = 10;

    /// <summary>Hard limit for a whole batch: at this point it answers with what it has. Default 10 s.</summary>
    public TimeSpan GlobalTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>timeout-initial of DNS kinds. Default 5 s.</summary>
    public TimeSpan DnsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>timeout-initial of socket and process kinds. Default 5 s.</summary>
    public TimeSpan SocketTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>timeout-min as a share of timeout-initial, when a check gives none. Default 0.2.</summary>
    public double MinTimeoutFactor { get; init; } = 0.2;

    /// <summary>timeout-initial per kind name, overriding the class default.</summary>
    public IReadOnlyDictionary<string, TimeSpan> KindTimeouts { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>timeout-initial per DNS zone, overriding the kind's (a check's own timeout still wins).</summary>
    public IReadOnlyDictionary<string, TimeSpan> ZoneTimeouts { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Score from which the verdict is REJECT. Default 8.0.</summary>
    public double RejectAt { get; init; } = 8.0;

    /// <summary>Score from which the verdict is TEMPFAIL (the top band). Default 12.0.</summary>
    public double TempfailAt { get; init; } = 12.0;

    /// <summary>Weights by check name, overriding each check's own weight.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();

    /// <summary>Answer as soon as the verdict is REJECT or TEMPFAIL whatever the pending checks say. Default true.</summary>
    public bool EarlyExit { get; init; } = true;

    /// <summary>The action for PASS. Default accept.</summary>
    public FilterAction PassAction { get; init; } = FilterAction.Accept;

    /// <summary>The action for REJECT. Default reject.</summary>
    public FilterAction RejectAction { get; init; } = FilterAction.Reject;

    /// <summary>The action for TEMPFAIL. Default tempfail.</summary>
    public FilterAction TempfailAction { get; init; } = FilterAction.Tempfail;

    /// <summary>The clock of the engine's actor system (virtual in tests). Default: system time.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the engine logs. Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The thresholds as scoring takes them.</summary>
    public ScoringThresholds Thresholds => new(RejectAt, TempfailAt);

    /// <summary>The configured action for <paramref name="verdict"/>.</summary>
    public FilterAction ActionFor(Verdict verdict) => verdict switch
    {
        Verdict.Reject => RejectAction,
        Verdict.Tempfail => TempfailAction,
        _ => PassAction,
    };

    /// <summary>Throws when a value makes no sense.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound or timeout is not positive, or tempfail-at is below reject-at.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(GlobalTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DnsTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SocketTimeout, TimeSpan.Zero);
        if (MinTimeoutFactor is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTimeoutFactor), MinTimeoutFactor, "timeout-min factor is between 0 and 1.");
        }
        if (TempfailAt < RejectAt)
        {
            throw new ArgumentOutOfRangeException(nameof(TempfailAt), TempfailAt, "tempfail-at is at least reject-at (TEMPFAIL is the top band).");
        }
    }
}
