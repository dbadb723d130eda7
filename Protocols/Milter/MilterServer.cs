using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sift.Protocols.Milter;

/// <summary>
/// A milter server: listens where <see cref="MilterServerOptions.Listen"/> says, makes one
/// <see cref="MilterHandler"/> per MTA connection with the factory and runs its callbacks. The
/// way Sendmail::PMilter is used: register the handler and its flags, choose the listener, run.
/// <code>
/// var server = new MilterServer(() =&gt; new MyHandler(), new MilterServerOptions { Listen = "inet:8890@127.0.0.1" });
/// await server.RunAsync(stoppingToken);
/// </code>
/// </summary>
public sealed class MilterServer : IAsyncDisposable
{
    private readonly Func<MilterHandler> _factory;
    private readonly MilterServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<long, (MilterConnection Connection, Task Task)> _sessions = new();
    private MilterListenerAddress? _address;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private ITimer? _sweep;
    private readonly long[] _received = new long[128];
    private long _nextId;
    private int _active;

    /// <summary>Creates a server; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="handlerFactory">Makes one handler per MTA connection (and per quit-new-connection).</param>
    /// <param name="options">Listener, negotiation and limits.</param>
    /// <param name="logger">Where session ends, refusals and callback failures are logged.</param>
    public MilterServer(Func<MilterHandler> handlerFactory, MilterServerOptions options, ILogger? logger = null)
    {
        _factory = handlerFactory ?? throw new ArgumentNullException(nameof(handlerFactory));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The bound address (with the real port when 0 was asked for); null before start.</summary>
    public EndPoint? LocalEndPoint { get; private set; }

    /// <summary>The descriptor of the bound address, e.g. <c>inet:41234@127.0.0.1</c>, for an MTA's configuration.</summary>
    public string? Descriptor => LocalEndPoint switch
    {
        IPEndPoint ip => $"{(ip.AddressFamily == AddressFamily.InterNetworkV6 ? "inet6" : "inet")}:{ip.Port}@{ip.Address}",
        not null => _address?.ToString(),
        null => null,
    };

    /// <summary>Connections being served now.</summary>
    public int ActiveConnections => Volatile.Read(ref _active);

    /// <summary>Commands received from MTAs since start, of one kind (which stages the MTAs really send).</summary>
    public long Received(MilterCommand command) => (uint)command < 128 ? Interlocked.Read(ref _received[(int)command]) : 0;

    /// <summary>Connections waiting for the MTA's next command now (the ones the command timeout applies to).</summary>
    internal int WaitingForCommand => _sessions.Values.Count(s => s.Connection.IsWaitingForCommand);

    /// <summary>Binds the listener and starts accepting.</summary>
    /// <exception cref="FormatException">The listen descriptor is invalid.</exception>
    /// <exception cref="IOException">A <c>local:</c> path is in use or is not a socket.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener is not null) { throw new InvalidOperationException("The milter server is already started."); }
        cancellationToken.ThrowIfCancellationRequested();
        var timeout = _options.CommandTimeout;
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(_options.CommandTimeout), timeout, "The command timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
        _address = MilterListenerAddress.Parse(_options.Listen);
        _listener = MilterListener.Bind(_address, _options.SocketMode, _options.Backlog);
        LocalEndPoint = _listener.LocalEndPoint;
        _logger.Listening(Descriptor ?? _options.Listen);
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 8, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
            _sweep = _options.TimeProvider.CreateTimer(static s => ((MilterServer)s!).Sweep(), this, period, period);
        }
        return Task.CompletedTask;
    }

    /// <summary>Starts, serves until <paramref name="cancellationToken"/> fires, then stops gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting, lets sessions finish within <paramref name="gracePeriod"/> (default
    /// <see cref="MilterServerOptions.StopGracePeriod"/>), then answers the rest tempfail and
    /// closes them. A <c>local:</c> socket file is removed.
    /// </summary>
    public async Task StopAsync(TimeSpan? gracePeriod = null)
    {
        if (_stopping.IsCancellationRequested) { return; }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var remaining = 0;
        var all = Task.WhenAll(_sessions.Values.Select(s => s.Task));
        try
        {
            await all.WaitAsync(gracePeriod ?? _options.StopGracePeriod).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            remaining = _sessions.Count;
            await _abort.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_sessions.Values.Select(s => s.Task)).ConfigureAwait(false);
        }
        _sweep?.Dispose();
        if (_address?.UnixPath is { } path)
        {
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        _logger.Stopped(Descriptor ?? _options.Listen, remaining);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue;
            }
            catch (SocketException e)
            {
                // Out of descriptors and the like: log, breathe, go on rather than die.
                _logger.AcceptFailed(e, Descriptor ?? _options.Listen);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            Accept(socket);
        }
    }

    private void Accept(Socket socket)
    {
        if (Interlocked.Increment(ref _active) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _active);
            _logger.TooManyConnections(socket.RemoteEndPoint?.ToString() ?? "local", _options.MaxConnections);
            _ = MilterConnection.RefuseAsync(socket);
            return;
        }
        if (socket.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            // No Nagle: a reply must not wait for the MTA's delayed ACK of the previous one.
            socket.NoDelay = true;
        }
        var id = Interlocked.Increment(ref _nextId);
        MilterConnection connection;
        try
        {
            connection = new MilterConnection(socket, id, _options, _factory, _logger, _received, _abort.Token);
        }
        catch (Exception e)
        {
            // The factory threw: this connection cannot be served; tell the MTA to try later.
            Interlocked.Decrement(ref _active);
            _logger.CallbackFailed(e, MilterCommand.Negotiate, id, MilterResponse.TempFail);
            _ = MilterConnection.RefuseAsync(socket);
            return;
        }
        // The session starts here, on the accepting thread, until its first read waits (no hop through
        // the thread pool per connection). It is registered first, with a placeholder task that is
        // replaced unless the session has already ended and removed itself.
        var placeholder = (connection, Task.CompletedTask);
        _sessions[id] = placeholder;
        var task = RunSessionAsync(connection);
        _sessions.TryUpdate(id, (connection, task), placeholder);
    }

    private async Task RunSessionAsync(MilterConnection connection)
    {
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _sessions.TryRemove(connection.Id, out _);
        }
    }

    /// <summary>
    /// The command timeout, for every session at once: one timer per server instead of one per
    /// command. Closes the sessions that have waited for the MTA's next command longer than
    /// <see cref="MilterServerOptions.CommandTimeout"/>.
    /// </summary>
    private void Sweep()
    {
        var time = _options.TimeProvider;
        var deadline = time.GetTimestamp() - (long)(_options.CommandTimeout.TotalSeconds * time.TimestampFrequency);
        foreach (var (_, session) in _sessions)
        {
            session.Connection.ExpireIfWaitingSince(deadline);
        }
    }

}
