namespace Sift.Protocols.Net;

/// <summary>
/// Several upstreams of one backend (clamd, spamd, rspamd scanners): each request goes to the
/// least-loaded healthy one (requests in flight ÷ weight); one that fails
/// <see cref="UpstreamHealthPolicy.MaxErrors"/> times within
/// <see cref="UpstreamHealthPolicy.ErrorWindow"/> is skipped for
/// <see cref="UpstreamHealthPolicy.ReviveAfter"/>, then probed with one request at a time (a
/// success brings it back, a failure takes it out again); a failed attempt is retried once on
/// another upstream. Time comes from the <see cref="TimeProvider"/> given, so tests use virtual
/// time. Thread-safe.
/// </summary>
/// <typeparam name="TClient">The protocol client.</typeparam>
public sealed class UpstreamSet<TClient>
{
    private readonly Upstream<TClient>[] _members;
    private readonly UpstreamHealthPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly long _window;
    private readonly object _gate = new();
    private int _next;

    /// <summary>Creates a set over <paramref name="members"/>.</summary>
    /// <param name="members">Address (for messages), client and weight of each upstream.</param>
    /// <param name="policy">When upstreams are taken out and back; null: the defaults.</param>
    /// <param name="time">The clock; null: system time.</param>
    /// <param name="random">Draws the revive jitter; null: <see cref="Random.Shared"/>.</param>
    /// <exception cref="ArgumentException">No members.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A policy value is out of range.</exception>
    public UpstreamSet(IEnumerable<(string Address, TClient Client, int Weight)> members, UpstreamHealthPolicy? policy = null,
        TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        _policy = policy ?? new UpstreamHealthPolicy();
        _policy.Validate();
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _members = members.Select(m => new Upstream<TClient>(m.Address, m.Client, m.Weight, _policy.MaxErrors)).ToArray();
        if (_members.Length == 0)
        {
            throw new ArgumentException("an upstream set needs at least one upstream", nameof(members));
        }
        _window = (long)(_policy.ErrorWindow.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>The upstreams, in configuration order.</summary>
    public IReadOnlyList<Upstream<TClient>> Members => _members;

    /// <summary>The health policy.</summary>
    public UpstreamHealthPolicy Policy => _policy;

    /// <summary>
    /// Takes the least-loaded usable upstream other than <paramref name="exclude"/> and counts a
    /// request in flight on it; null when none is usable (all down, or the only one excluded).
    /// Every acquired upstream must be given back with <see cref="Release"/>.
    /// </summary>
    public Upstream<TClient>? TryAcquire(Upstream<TClient>? exclude = null)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            Upstream<TClient>? best = null;
            var start = _next++ & int.MaxValue;
            for (var k = 0; k < _members.Length; k++)
            {
                var u = _members[(start + k) % _members.Length];
                if (ReferenceEquals(u, exclude) || !Usable(u, now))
                {
                    continue;
                }
                // Least loaded by in-flight ÷ weight, compared without division.
                if (best is null || (long)u.InFlight * best.Weight < (long)best.InFlight * u.Weight)
                {
                    best = u;
                }
            }
            if (best is null)
            {
                return null;
            }
            if (best.State == UpstreamState.Probing)
            {
                best.ProbeRunning = true;
            }
            best.Enter();
            return best;
        }
    }

    /// <summary>Gives back an upstream taken with <see cref="TryAcquire"/>, saying whether the request failed because of it.</summary>
    public void Release(Upstream<TClient> upstream, bool failed)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            upstream.Leave();
            var probe = upstream.State == UpstreamState.Probing && upstream.ProbeRunning;
            if (probe)
            {
                upstream.ProbeRunning = false;
            }
            if (!failed)
            {
                if (probe)
                {
                    upstream.State = UpstreamState.Healthy;
                    upstream.ClearErrors();
                }
                return;
            }
            if (probe || (upstream.State == UpstreamState.Healthy && upstream.RecordError(now, _window)))
            {
                TakeOut(upstream, now);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the least-loaded usable upstream; when it fails with an
    /// exception that <paramref name="isUpstreamFailure"/> blames on the upstream (default: any
    /// but cancellation of <paramref name="cancellationToken"/>), records the failure and tries
    /// once more on another usable upstream, if any, within the same token.
    /// </summary>
    /// <exception cref="UpstreamUnavailableException">No upstream is usable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<TResult> ExecuteAsync<TResult>(Func<TClient, CancellationToken, Task<TResult>> call,
        CancellationToken cancellationToken = default, Func<Exception, bool>? isUpstreamFailure = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        var first = TryAcquire() ?? throw Unavailable();
        Exception failure;
        try
        {
            var result = await call(first.Client, cancellationToken).ConfigureAwait(false);
            Release(first, failed: false);
            return result;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (isUpstreamFailure?.Invoke(e) ?? true))
        {
            Release(first, failed: true);
            failure = e;
        }
        catch
        {
            Release(first, failed: false);
            throw;
        }
        var second = TryAcquire(first);
        if (second is null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        var failed = true;
        try
        {
            var result = await call(second.Client, cancellationToken).ConfigureAwait(false);
            failed = false;
            return result;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested || !(isUpstreamFailure?.Invoke(e) ?? true))
        {
            failed = false;
            throw;
        }
        finally
        {
            Release(second, failed);
        }
    }

    private bool Usable(Upstream<TClient> u, long now)
    {
        switch (u.State)
        {
            case UpstreamState.Healthy:
                return true;
            case UpstreamState.Down when now >= u.DownUntil:
                u.State = UpstreamState.Probing;
                u.ProbeRunning = false;
                return true;
            case UpstreamState.Probing:
                return !u.ProbeRunning;
            default:
                return false;
        }
    }

    private void TakeOut(Upstream<TClient> u, long now)
    {
        var spread = _policy.ReviveJitter == 0 ? 1.0 : 1.0 + _policy.ReviveJitter * (2 * _random.NextDouble() - 1);
        u.State = UpstreamState.Down;
        u.ProbeRunning = false;
        u.ClearErrors();
        u.DownUntil = now + (long)(_policy.ReviveAfter.TotalSeconds * spread * _time.TimestampFrequency);
    }

    private UpstreamUnavailableException Unavailable() =>
        new($"no usable upstream: {string.Join(", ", _members.Select(m => m.ToString()))}");
}

/// <summary>Every upstream of a backend is out of rotation (or the only one left was just tried).</summary>
/// <param name="message">Which upstreams and their states.</param>
public sealed class UpstreamUnavailableException(string message) : Exception(message);
