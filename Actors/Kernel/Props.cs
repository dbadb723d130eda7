using Sift.Actors.Kernel.Routing;

namespace Sift.Actors.Kernel;

/// <summary>
/// How to create an actor: its factory, its mailbox (unbounded, or bounded with fail-fast
/// overflow), an optional pool router and the strategy it applies to its children. Immutable:
/// each <c>With…</c> returns a copy.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, int mailboxCapacity, Pool? router, SupervisorStrategy? supervisorStrategy, bool callerTurns = false)
    {
        ActorType = actorType;
        _factory = factory;
        MailboxCapacity = mailboxCapacity;
        Router = router;
        SupervisorStrategy = supervisorStrategy;
        CallerTurns = callerTurns;
    }

    /// <summary>The actor's type.</summary>
    public Type ActorType { get; }

    /// <summary>The bounded mailbox capacity; 0 for unbounded.</summary>
    public int MailboxCapacity { get; }

    /// <summary>The pool router, when the props describe a pool.</summary>
    public Pool? Router { get; }

    /// <summary>The strategy for this actor's children (an actor's own override wins).</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Whether a message sent from outside every actor to this idle actor runs its turn on the sending thread (<see cref="WithCallerTurns"/>).</summary>
    public bool CallerTurns { get; }

    /// <summary>Props whose actor is built by <paramref name="factory"/> (called once per start and restart).</summary>
    public static Props Create<T>(Func<T> factory)
        where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(T), factory, 0, null, null);
    }

    /// <summary>Props whose actor is built by its parameterless constructor.</summary>
    public static Props Create<T>()
        where T : ActorBase, new() => new(typeof(T), static () => new T(), 0, null, null);

    /// <summary>A bounded mailbox: beyond <paramref name="capacity"/> queued messages a Tell is refused at once
    /// (the sender gets <see cref="Overloaded"/>, a <see cref="DeadLetter"/> is published).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public Props WithMailbox(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return new Props(ActorType, _factory, capacity, Router, SupervisorStrategy, CallerTurns);
    }

    /// <summary>An unbounded mailbox (the default).</summary>
    public Props WithUnboundedMailbox() => new(ActorType, _factory, 0, Router, SupervisorStrategy, CallerTurns);

    /// <summary>Creates a pool of these actors behind one reference.</summary>
    public Props WithRouter(Pool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new Props(ActorType, _factory, MailboxCapacity, pool, SupervisorStrategy, CallerTurns);
    }

    /// <summary>The strategy this actor applies to its children.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(ActorType, _factory, MailboxCapacity, Router, strategy, CallerTurns);
    }

    /// <summary>
    /// Turns on the caller's thread: a message (or a system message: start, stop) sent to this actor
    /// from code that is not itself an actor's turn (an I/O completion, a socket's read loop, a test)
    /// while the actor is idle is handled at once on the sending thread, in a turn of its own
    /// (at most <c>throughput</c> messages), instead of queueing the turn to the thread pool and waking
    /// a worker. Sends from inside another actor's turn are queued as usual: turns never nest. Order,
    /// one-turn-at-a-time and supervision are unchanged; the sender is held for the turn, and the turn
    /// sees the sender's execution context (its <c>AsyncLocal</c> values), as any method it called would.
    /// For an actor whose sender is an I/O loop that waits for its answer anyway: the hand-off to a
    /// pool worker then costs a thread wake-up and a context switch per message and buys nothing.
    /// </summary>
    public Props WithCallerTurns() => new(ActorType, _factory, MailboxCapacity, Router, SupervisorStrategy, callerTurns: true);

    internal Props WithoutRouter() => new(ActorType, _factory, MailboxCapacity, null, SupervisorStrategy, CallerTurns);

    internal static Props ForPoolRouter(Pool pool) =>
        new(typeof(PoolRouterActor), static () => new PoolRouterActor(), 0, pool, pool.SupervisorStrategy);

    internal ActorBase NewActor() => _factory();
}
