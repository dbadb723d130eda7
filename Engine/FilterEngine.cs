using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;
using Sift.Engine.Execution;
using Sift.Engine.Results;

namespace Sift.Engine;

/// <summary>
/// The engine: runs batches of checks at once, bounded in concurrency and in time, and answers
/// each with one <see cref="BatchResult"/> (verdict, score, reasons, headers, every check's
/// status and duration). Check kinds are registered once (<see cref="RegisterKind"/>); each gets
/// a pool of check actors under the engine's check supervisor. Thread-safe.
/// </summary>
public sealed partial class FilterEngine : IAsyncDisposable
{
    private static readonly TimeSpan RegistrationTimeout = TimeSpan.FromSeconds(10);

    private readonly IActorRef _supervisor;
    private readonly EngineContext _context;
    private readonly object _gate = new();
    private Dictionary<string, RegisteredKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Creates an engine with its own actor system.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public FilterEngine(FilterEngineOptions? options = null)
    {
        Options = options ?? new FilterEngineOptions();
        Options.Validate();
        var loggerFactory = Options.LoggerFactory ?? NullLoggerFactory.Instance;
        System = ActorSystem.Create("sift", new ActorSystemOptions
        {
            TimeProvider = Options.TimeProvider,
            LoggerFactory = loggerFactory,
        });
        _context = new EngineContext(Options, System.TimeProvider, loggerFactory.CreateLogger("Sift.Engine"));
        _supervisor = System.ActorOf(Props.Create(static () => new CheckSupervisor()), "checks");
    }

    /// <summary>The engine's options.</summary>
    public FilterEngineOptions Options { get; }

    /// <summary>The actor system the engine runs on.</summary>
    public ActorSystem System { get; }

    /// <summary>Counters since start.</summary>
    public EngineMetrics Metrics => _context.Metrics;

    /// <summary>The registered kinds' names.</summary>
    public IReadOnlyCollection<string> Kinds => Volatile.Read(ref _kinds).Keys;

    /// <summary>
    /// Registers a check kind: creates its pool (<see cref="CheckKind.PoolSize"/> check actors,
    /// each with at most <see cref="CheckKind.MaxInFlightPerWorker"/> checks in flight).
    /// </summary>
    /// <exception cref="InvalidOperationException">A kind of that name is already registered.</exception>
    /// <exception cref="AskTimeoutException">The supervisor did not create the pool in time.</exception>
    /// <exception cref="InvalidActorNameException">The kind's pool name collides with another kind's (names differing only in '/', '#', '?', ' ' or '$').</exception>
    public void RegisterKind(CheckKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (_gate)
        {
            if (_kinds.ContainsKey(kind.Name))
            {
                throw new InvalidOperationException($"Check kind '{kind.Name}' is already registered.");
            }
            var created = _supervisor.Ask<PoolCreated>(new CreatePool(kind), RegistrationTimeout).GetAwaiter().GetResult();
            var next = new Dictionary<string, RegisteredKind>(_kinds, StringComparer.Ordinal)
            {
                [kind.Name] = new RegisteredKind(kind, created.Pool),
            };
            Volatile.Write(ref _kinds, next);
        }
        EngineLog.KindRegistered(_context.Log, kind.Name, kind.PoolSize, kind.MaxInFlightPerWorker);
    }

    /// <summary>Registers a custom kind run by an async function answering OK / DENY / DENYSOFT / DECLINED.</summary>
    /// <exception cref="InvalidOperationException">A kind of that name is already registered.</exception>
    public void RegisterCustom(string kind, Func<object, CancellationToken, ValueTask<CustomAnswer>> check, int poolSize = 2, int maxInFlightPerWorker = 64) =>
        RegisterKind(CheckKind.Custom(kind, check, poolSize, maxInFlightPerWorker));

    /// <summary>Registers a custom kind run by actors of type <typeparamref name="TActor"/>, which reply with a <see cref="CustomAnswer"/>.</summary>
    /// <exception cref="InvalidOperationException">A kind of that name is already registered.</exception>
    public void RegisterCustomActor<TActor>(string kind, Func<TActor> factory, int poolSize = 2, int maxInFlightPerWorker = 64)
        where TActor : CheckActorBase =>
        RegisterKind(CheckKind.CustomActor(kind, factory, poolSize, maxInFlightPerWorker));

    /// <summary>
    /// Runs <paramref name="checks"/> at once and answers when all have ended, when the verdict
    /// is certain, or at the global timeout, whichever comes first. Never throws for a check's
    /// failure: errors, time-outs and overloads are recorded in the result.
    /// </summary>
    /// <exception cref="ArgumentException">Two checks share a name.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task<BatchResult> RunChecksAsync(IEnumerable<CheckSpec> checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<BatchResult>(cancellationToken);
        }
        var list = checks as IReadOnlyList<CheckSpec> ?? [.. checks];
        CheckNames(list);
        return RunInline(list, Volatile.Read(ref _kinds), cancellationToken);
    }

    /// <summary>Stops every actor of the engine (bounded wait).</summary>
    public async ValueTask DisposeAsync()
    {
        _context.Sweep.Dispose();
        await System.TerminateAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }
}
