using Sift.Actors.Checks;
using Sift.Actors.Kernel;
using Sift.Engine.Results;

namespace Sift.Engine.Checks;

/// <summary>Turns a kind's raw answer into an <see cref="Interpretation"/>. Return
/// <see cref="UnusableAnswer"/> for an answer that is an error (e.g. a blocklist code outside
/// the listing range); a throw is recorded as an error too.</summary>
/// <param name="answer">The raw answer from the kind's executor or actor.</param>
/// <param name="check">The check it answers (its parameters give context: the zone, the address…).</param>
public delegate Interpretation CheckInterpreter(object? answer, CheckSpec check);

/// <summary>Which engine-wide default timeout-initial a kind uses.</summary>
public enum TimeoutClass
{
    /// <summary><c>dns-timeout</c>.</summary>
    Dns,

    /// <summary><c>socket-timeout</c> (also external processes).</summary>
    Socket,
}

/// <summary>
/// A check kind, registered once with <see cref="FilterEngine.RegisterKind"/>: how its checks
/// run (an executor run by generic check actors, or an actor type of its own), how answers are
/// interpreted, which default timeout applies, its pool (routees, in-flight bound per routee)
/// and which checks are the same lookup (merged while in flight).
/// </summary>
public sealed class CheckKind
{
    private readonly Func<CheckExecutor>? _executorFactory;
    private CheckExecutor? _inlineExecutor;

    private CheckKind(string name, Props workerProps, CheckExecutor? executor, CheckInterpreter interpreter, TimeoutClass timeoutClass,
        int poolSize, int maxInFlightPerWorker, Func<object, object?>? mergeKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(interpreter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(poolSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInFlightPerWorker);
        Name = name;
        WorkerProps = workerProps;
        _inlineExecutor = executor;
        Interpreter = interpreter;
        TimeoutClass = timeoutClass;
        PoolSize = poolSize;
        MaxInFlightPerWorker = maxInFlightPerWorker;
        MergeKey = mergeKey ?? MergeByParameters;
    }

    /// <summary>A kind whose checks are run by <paramref name="executorFactory"/>'s executors inside generic check actors.</summary>
    /// <param name="name">The kind's name (<c>dnsbl</c>, <c>clamd</c>…).</param>
    /// <param name="executorFactory">Called once per check actor (start and restart); the executor may hold a client.</param>
    /// <param name="interpreter">Raw answer → interpretation.</param>
    /// <param name="timeoutClass">Which default timeout-initial applies.</param>
    /// <param name="poolSize">Check actors in the kind's pool.</param>
    /// <param name="maxInFlightPerWorker">Checks one actor runs at once; beyond pool size × this, checks are refused as overloaded.</param>
    /// <param name="mergeKey">Identity of a lookup (null: never merged); default: the parameters' own equality.</param>
    /// <exception cref="ArgumentException">A bad name, size or bound.</exception>
    public CheckKind(string name, Func<CheckExecutor> executorFactory, CheckInterpreter interpreter,
        TimeoutClass timeoutClass = TimeoutClass.Socket, int poolSize = 2, int maxInFlightPerWorker = 64,
        Func<object, object?>? mergeKey = null)
        : this(name, CheckWorker.Props(executorFactory), null, interpreter, timeoutClass, poolSize, maxInFlightPerWorker, mergeKey)
    {
        _executorFactory = executorFactory;
    }

    /// <summary>A kind run by actors of type <typeparamref name="TActor"/> (they answer <see cref="CheckRequest"/>s).</summary>
    /// <exception cref="ArgumentException">A bad name, size or bound.</exception>
    public static CheckKind FromActor<TActor>(string name, Func<TActor> factory, CheckInterpreter interpreter,
        TimeoutClass timeoutClass = TimeoutClass.Socket, int poolSize = 2, int maxInFlightPerWorker = 64,
        Func<object, object?>? mergeKey = null)
        where TActor : CheckActorBase =>
        new(name, Props.Create(factory), null, interpreter, timeoutClass, poolSize, maxInFlightPerWorker, mergeKey);

    /// <summary>A custom kind run by an async function answering OK / DENY / DENYSOFT / DECLINED.</summary>
    /// <exception cref="ArgumentException">A bad name, size or bound.</exception>
    public static CheckKind Custom(string name, Func<object, CancellationToken, ValueTask<CustomAnswer>> check,
        int poolSize = 2, int maxInFlightPerWorker = 64, Func<object, object?>? mergeKey = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        var executor = CheckCompletion.Untyped(check);
        return new CheckKind(name, CheckWorker.Props(() => executor), executor, CustomInterpretation.Interpret, TimeoutClass.Socket, poolSize,
            maxInFlightPerWorker, mergeKey ?? NeverMerge)
        {
            MayRaiseVerdict = true,
            RunInline = true,
        };
    }

    /// <summary>A custom kind run by actors of type <typeparamref name="TActor"/>, which reply with a <see cref="CustomAnswer"/>.</summary>
    /// <exception cref="ArgumentException">A bad name, size or bound.</exception>
    public static CheckKind CustomActor<TActor>(string name, Func<TActor> factory, int poolSize = 2, int maxInFlightPerWorker = 64)
        where TActor : CheckActorBase =>
        new(name, Props.Create(factory), null, CustomInterpretation.Interpret, TimeoutClass.Socket, poolSize, maxInFlightPerWorker, NeverMerge)
        {
            MayRaiseVerdict = true,
        };

    /// <summary>Merge key: the parameters themselves (records compare by value).</summary>
    public static Func<object, object?> MergeByParameters { get; } = static p => p;

    /// <summary>Merge key that never merges (each check is its own lookup).</summary>
    public static Func<object, object?> NeverMerge { get; } = static _ => null;

    /// <summary>The kind's name.</summary>
    public string Name { get; }

    /// <summary>Props of one check actor of the pool.</summary>
    public Props WorkerProps { get; }

    /// <summary>Raw answer → interpretation.</summary>
    public CheckInterpreter Interpreter { get; }

    /// <summary>Which default timeout-initial applies.</summary>
    public TimeoutClass TimeoutClass { get; }

    /// <summary>Check actors in the pool.</summary>
    public int PoolSize { get; }

    /// <summary>Checks one actor runs at once.</summary>
    public int MaxInFlightPerWorker { get; }

    /// <summary>True when an answer of this kind may put a floor under the verdict (an <see cref="IVerdictFloor"/>
    /// interpretation, as custom DENY/DENYSOFT): early exit then waits for its pending checks. Default false.</summary>
    public bool MayRaiseVerdict { get; init; }

    /// <summary>Gives the identity of a check's lookup from its parameters; null: not merged.</summary>
    public Func<object, object?> MergeKey { get; }

    /// <summary>
    /// True when the kind's checks run on the caller's thread instead of through its pool: the
    /// executor is called directly (one executor, from the factory, shared by every caller), a
    /// check that completes synchronously is answered without any actor, and the kind's in-flight
    /// bound (<see cref="PoolSize"/> × <see cref="MaxInFlightPerWorker"/>) is a counter, a check
    /// beyond it is refused as <c>overloaded</c>. Custom function kinds run inline; an executor kind
    /// opts in (its executor must be safe to call from many threads at once, and quick to return
    /// its <see cref="ValueTask{TResult}"/>); actor kinds and merged kinds (a <see cref="MergeKey"/>
    /// other than <see cref="NeverMerge"/>) always go through their pool. Default false.
    /// </summary>
    public bool RunInline { get; init; }

    /// <summary>
    /// A synchronous probe for an answer that needs no I/O: given a check's parameters, the answer
    /// the kind's executor would give right now from what it already holds (a DNS kind: its client's
    /// cache), or null when it would have to ask. It must not wait, send, or have any effect when it
    /// returns null; it may throw what the executor would throw for the same answer. The engine
    /// calls it on the caller's thread before dispatching a check of a kind that does not run
    /// inline: an answer ends the check there (not merged; its duration is the probe's), null sends
    /// it through the pool as usual, where identical lookups are merged. Default null (no probe).
    /// </summary>
    public Func<object, object?>? CachedAnswer { get; init; }

    /// <summary>Checks of this kind in flight at once, engine-wide, when they run inline.</summary>
    public int InlineLimit => (int)Math.Min(int.MaxValue, (long)PoolSize * MaxInFlightPerWorker);

    /// <summary>The executor inline checks call; null for actor kinds.</summary>
    internal CheckExecutor? Executor
    {
        get
        {
            if (_inlineExecutor is null && _executorFactory is not null)
            {
                Interlocked.CompareExchange(ref _inlineExecutor, _executorFactory(), null);
            }
            return _inlineExecutor;
        }
    }

    /// <summary>True when checks of this kind run on the caller's thread (see <see cref="RunInline"/>).</summary>
    internal bool Inline => RunInline && ReferenceEquals(MergeKey, NeverMerge) && Executor is not null;
}
