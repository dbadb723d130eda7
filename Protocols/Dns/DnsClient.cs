using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Protocols.Dns;

/// <summary>
/// Sift's stub resolver. One async method per lookup; results are values (NXDOMAIN, timeouts and
/// server failures are a <see cref="DnsResult"/>, not exceptions). Queries go over a pool of UDP
/// sockets with random source ports and random IDs; truncated answers are repeated over TCP;
/// tries fail over across servers; identical lookups in flight share one query; answers are
/// cached by TTL (bounded). Thread-safe; meant to be shared by the whole process.
/// </summary>
public sealed partial class DnsClient : IAsyncDisposable, IDisposable
{
    private readonly DnsClientOptions _options;
    private readonly ILogger _logger;
    private readonly DnsCache _cache;
    private readonly Dictionary<(string, DnsRecordType), TaskCompletionSource<DnsResult>> _inflight = [];
    private readonly Lock _inflightLock = new();
    private readonly Lock _channelsLock = new();
    private UdpChannel[]? _v4, _v6;
    private readonly List<UdpBatchReceiver> _receivers = [];
    private int _nextChannel, _nextServer;
    private readonly CancellationTokenSource _disposed = new();
    private readonly SocketAddress[] _serverAddresses;
    private readonly TimeSpan _sweepPeriod;

    /// <summary>A client with the given options.</summary>
    /// <exception cref="ArgumentException">No servers, or a count/size option out of range.</exception>
    public DnsClient(DnsClientOptions options, ILogger<DnsClient>? logger = null)
    {
        if (options.Servers.Count == 0) throw new ArgumentException("at least one nameserver is needed", nameof(options));
        if (options.Attempts < 1 || options.UdpSockets < 1 || options.Timeout <= TimeSpan.Zero || options.MaxInFlight < 1)
        {
            throw new ArgumentException("Attempts, UdpSockets, MaxInFlight and Timeout must be positive", nameof(options));
        }
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _serverAddresses = options.Servers.Select(s => s.Serialize()).ToArray();
        _sweepPeriod = TimeSpan.FromTicks(Math.Clamp(options.Timeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 100));
        _cache = new DnsCache(options.CacheEntries, options.MaxCacheTtl, options.MaxNegativeTtl, options.TimeProvider);
    }

    /// <summary>A client using the nameservers and options of <c>/etc/resolv.conf</c>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DnsClient FromResolvConf(string path = ResolvConf.DefaultPath, ILogger<DnsClient>? logger = null) =>
        new(DnsClientOptions.FromResolvConf(ResolvConf.Load(path)), logger);

    /// <summary>The options in use.</summary>
    public DnsClientOptions Options => _options;

    /// <summary>Packets sent, accepted, dropped (spoofing evidence), timeouts, cache hits, merges.</summary>
    public DnsClientCounters Counters { get; } = new();

    /// <summary>Entries in the cache now.</summary>
    public int CachedEntries => _cache.Count;

    /// <summary>
    /// Looks up <paramref name="name"/> (non-ASCII names are converted with IDNA) for records of
    /// <paramref name="type"/>, following CNAMEs. Never throws for DNS outcomes.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the shared query goes on for other waiters).</exception>
    public async ValueTask<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        ct.ThrowIfCancellationRequested();
        if (!TryAsciiName(name, out var ascii, out var error))
        {
            return new DnsResult { Question = new DnsQuestion(name, type), Status = DnsQueryStatus.InvalidName, Error = error };
        }
        if (TryCached(ascii, type, countHit: true, out var cached))
        {
            return cached;
        }
        TaskCompletionSource<DnsResult>? tcs;
        bool owner = false;
        lock (_inflightLock)
        {
            if (!_inflight.TryGetValue((ascii, type), out tcs))
            {
                if (_inflight.Count >= _options.MaxInFlight)
                {
                    Interlocked.Increment(ref Counters.Overloaded);
                    return new DnsResult { Question = new DnsQuestion(ascii, type), Status = DnsQueryStatus.Overloaded, Error = "too many DNS queries in flight" };
                }
                // Continuations are never run by TrySetResult on an unsafe thread: see Publish.
                tcs = new TaskCompletionSource<DnsResult>();
                _inflight[(ascii, type)] = tcs;
                owner = true;
            }
        }
        if (owner)
        {
            _ = ResolveAndPublishAsync(ascii, type, tcs);
        }
        else
        {
            Interlocked.Increment(ref Counters.Merged);
        }
        return await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The answer <see cref="QueryAsync"/> would give from the cache, without any query: true with
    /// the cached result (<see cref="DnsResult.FromCache"/> set), false when the cache has none for
    /// <paramref name="name"/> and <paramref name="type"/> or the name is not valid (then
    /// <see cref="QueryAsync"/> says why). Never waits, never sends.
    /// </summary>
    /// <param name="name">The name, as for <see cref="QueryAsync"/>.</param>
    /// <param name="type">The record type.</param>
    /// <param name="result">The cached result.</param>
    /// <param name="countHit">Whether a hit counts in <see cref="DnsClientCounters.CacheHits"/> (false for a probe whose caller may still query).</param>
    public bool TryGetCached(string name, DnsRecordType type, [NotNullWhen(true)] out DnsResult? result, bool countHit = true)
    {
        result = null;
        return !_disposed.IsCancellationRequested && TryAsciiName(name, out var ascii, out _) && TryCached(ascii, type, countHit, out result);
    }

    private bool TryCached(string ascii, DnsRecordType type, bool countHit, [NotNullWhen(true)] out DnsResult? result)
    {
        if (!_cache.TryGet(ascii, type, out var cached))
        {
            result = null;
            return false;
        }
        if (countHit)
        {
            Interlocked.Increment(ref Counters.CacheHits);
        }
        result = cached with { FromCache = true };
        return true;
    }

    /// <summary>Counts answers a caller took from the cache with <c>countHit: false</c> once it used them.</summary>
    internal void CountCacheHits(int hits) => Interlocked.Add(ref Counters.CacheHits, hits);

    /// <summary>Runs the shared query under the client's lifetime (not a caller's token) and hands the result to every waiter.</summary>
    private async Task ResolveAndPublishAsync(string name, DnsRecordType type, TaskCompletionSource<DnsResult> tcs)
    {
        DnsResult result;
        try
        {
            result = await ResolveAsync(name, type, _disposed.Token).ConfigureAwait(false);
            _cache.Store(name, type, result);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            result = new DnsResult { Question = new DnsQuestion(name, type), Status = DnsQueryStatus.Error, Error = "the DNS client was disposed" };
        }
        catch (Exception e)
        {
            // A bug or an unexpected socket failure: every waiter still gets an answer.
            LogUnexpected(_logger, e, name, type);
            result = new DnsResult { Question = new DnsQuestion(name, type), Status = DnsQueryStatus.Error, Error = e.Message };
        }
        lock (_inflightLock) _inflight.Remove((name, type));
        Publish(tcs, result);
    }

    /// <summary>
    /// Completes the waiters. On a thread-pool thread delivering a batch of replies, callers'
    /// continuations run here and now (that thread exists for them); anywhere else (the portable
    /// receive loop, the timeout timer, a socket callback, Dispose) they are queued to the thread
    /// pool, so that a caller never runs on, nor blocks, the client's own loops.
    /// </summary>
    private static void Publish(TaskCompletionSource<DnsResult> tcs, DnsResult result)
    {
        if (UdpBatchReceiver.DeliveringReplies) tcs.TrySetResult(result);
        else ThreadPool.UnsafeQueueUserWorkItem(static s => s.Tcs.TrySetResult(s.Result), (Tcs: tcs, Result: result), preferLocal: true);
    }

    private static bool TryAsciiName(string name, out string ascii, out string? error)
    {
        error = null;
        ascii = name;
        foreach (char c in name)
        {
            if (c > 127)
            {
                if (!Idna.TryToAscii(name, out ascii))
                {
                    error = "the name cannot be converted to ASCII (IDNA)";
                    return false;
                }
                break;
            }
        }
        ascii = DnsName.Normalize(ascii);
        if (ascii.Length > DnsName.MaxWireLength || !DnsName.IsValid(ascii))
        {
            error = $"not a valid domain name: '{name}'";
            return false;
        }
        return true;
    }

    private UdpChannel NextChannel(AddressFamily family)
    {
        var pool = family == AddressFamily.InterNetworkV6 ? _v6 : _v4;
        if (pool is null)
        {
            lock (_channelsLock)
            {
                ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
                pool = family == AddressFamily.InterNetworkV6 ? _v6 : _v4;
                if (pool is null)
                {
                    pool = OpenPool(family);
                    if (family == AddressFamily.InterNetworkV6) _v6 = pool; else _v4 = pool;
                }
            }
        }
        return pool[(int)((uint)Interlocked.Increment(ref _nextChannel) % (uint)pool.Length)];
    }

    /// <summary>One pool of sockets: on Linux one receive thread for all of them, elsewhere one asynchronous loop per socket.</summary>
    private UdpChannel[] OpenPool(AddressFamily family)
    {
        bool batched = UdpBatchReceiver.Supported;
        var pool = new UdpChannel[_options.UdpSockets];
        try
        {
            for (int i = 0; i < pool.Length; i++) pool[i] = new UdpChannel(family, Counters, _logger, _options.TimeProvider, _sweepPeriod, ownReceiveLoop: !batched);
            if (batched) _receivers.Add(new UdpBatchReceiver(pool, _options.EdnsPayloadSize, _logger));
            return pool;
        }
        catch
        {
            foreach (var c in pool) c?.Dispose();
            throw;
        }
    }

    /// <summary>Stops the receive loops and closes the sockets; pending lookups end with an error.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        lock (_channelsLock)
        {
            foreach (var r in _receivers) r.Dispose();
            foreach (var c in (_v4 ?? []).Concat(_v6 ?? [])) c.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 5300, Level = LogLevel.Warning, Message = "DNS lookup {Name} {Type} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception e, string name, DnsRecordType type);
}
