namespace Sift.Protocols.Net;

/// <summary>Where an upstream stands.</summary>
public enum UpstreamState
{
    /// <summary>In rotation.</summary>
    Healthy,

    /// <summary>Out of rotation until its revive time.</summary>
    Down,

    /// <summary>Past its revive time: one request at a time decides whether it comes back.</summary>
    Probing,
}

/// <summary>
/// One member of an <see cref="UpstreamSet{TClient}"/>: a client for one address, its weight,
/// the requests in flight on it and its health. State changes happen under the set's lock;
/// the in-flight count is read without it.
/// </summary>
/// <typeparam name="TClient">The protocol client (ClamdClient, SpamcClient…).</typeparam>
public sealed class Upstream<TClient>
{
    private readonly long[] _errors;
    private int _errorCount;
    private int _errorNext;
    private int _inFlight;

    internal Upstream(string address, TClient client, int weight, int maxErrors)
    {
        Address = address;
        Client = client;
        Weight = Math.Max(1, weight);
        _errors = new long[maxErrors];
    }

    /// <summary>The configured address, for logs and errors.</summary>
    public string Address { get; }

    /// <summary>The client that talks to it.</summary>
    public TClient Client { get; }

    /// <summary>Relative share of the requests (at least 1).</summary>
    public int Weight { get; }

    /// <summary>Requests running on it now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Its health.</summary>
    public UpstreamState State { get; internal set; }

    /// <summary>When it may be probed again (a <see cref="TimeProvider"/> timestamp), while <see cref="UpstreamState.Down"/>.</summary>
    internal long DownUntil { get; set; }

    /// <summary>True while the single probe request of a <see cref="UpstreamState.Probing"/> upstream runs.</summary>
    internal bool ProbeRunning { get; set; }

    /// <summary>Failures within the error window when it last failed.</summary>
    public int RecentErrors => _errorCount;

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Records a failure at <paramref name="now"/>; true when <paramref name="maxErrors"/> fell within <paramref name="window"/> ticks.</summary>
    internal bool RecordError(long now, long window)
    {
        _errors[_errorNext] = now;
        _errorNext = (_errorNext + 1) % _errors.Length;
        if (_errorCount < _errors.Length)
        {
            _errorCount++;
        }
        if (_errorCount < _errors.Length)
        {
            return false;
        }
        // The ring is full: the oldest of the last MaxErrors failures sits at _errorNext.
        return now - _errors[_errorNext] <= window;
    }

    internal void ClearErrors()
    {
        _errorCount = 0;
        _errorNext = 0;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Address} ({State}, {InFlight} in flight)";
}
