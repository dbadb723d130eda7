namespace Sift.Engine.Checks;

/// <summary>
/// One check of a batch: a name unique in the batch, a registered kind, the kind's parameters,
/// and how its outcome counts. Immutable; the <c>With…</c> methods return copies, so builders
/// chain: <c>Check.Dnsbl("zen", ip, "zen.spamhaus.org").WithWeight(5)</c>.
/// </summary>
public sealed record CheckSpec
{
    /// <summary>Creates a check.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="kind"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public CheckSpec(string name, string kind, object parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Kind = kind;
        Parameters = parameters;
    }

    /// <summary>The check's name: the key of its result, its reason and its weight override.</summary>
    public string Name { get; }

    /// <summary>The registered kind that runs it (<c>dnsbl</c>, <c>clamd</c>, a custom kind…).</summary>
    public string Kind { get; }

    /// <summary>What to check, of the type the kind expects (see <see cref="Check"/>).</summary>
    public object Parameters { get; }

    /// <summary>Score added when the check's interpretation is a hit. Default 1.</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>What an error (or a time-out) of this check means for the verdict. Default: fail open.</summary>
    public ErrorPolicy OnError { get; init; } = ErrorPolicy.FailOpen;

    /// <summary>timeout-initial for this check; null takes the zone's, the kind's or the class default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>timeout-min for this check; null takes <c>MinTimeoutFactor</c> × timeout-initial.</summary>
    public TimeSpan? MinTimeout { get; init; }

    /// <summary>The SMTP stage the check belongs to (connect, helo, mail, rcpt, data…), for the gateway; the engine does not read it.</summary>
    public string? Stage { get; init; }

    /// <summary>A copy with <see cref="Weight"/> set.</summary>
    public CheckSpec WithWeight(double weight) => this with { Weight = weight };

    /// <summary>A copy whose errors make the verdict at least TEMPFAIL.</summary>
    public CheckSpec FailClosed() => this with { OnError = ErrorPolicy.FailClosed };

    /// <summary>A copy whose errors add nothing (the default).</summary>
    public CheckSpec FailOpen() => this with { OnError = ErrorPolicy.FailOpen };

    /// <summary>A copy with its own timeout-initial (and optionally timeout-min).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive, or min exceeds initial.</exception>
    public CheckSpec WithTimeout(TimeSpan initial, TimeSpan? min = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        if (min is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(m, TimeSpan.Zero, nameof(min));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(m, initial, nameof(min));
        }
        return this with { Timeout = initial, MinTimeout = min };
    }

    /// <summary>A copy tagged with its SMTP stage.</summary>
    public CheckSpec AtStage(string stage) => this with { Stage = stage };
}

/// <summary>What a check's error or time-out means for the verdict.</summary>
public enum ErrorPolicy
{
    /// <summary>The check adds nothing (the reference behaviour).</summary>
    FailOpen,

    /// <summary>The verdict is at least TEMPFAIL: the message is tried again later.</summary>
    FailClosed,
}
