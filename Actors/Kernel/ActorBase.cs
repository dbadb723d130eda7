namespace Sift.Actors.Kernel;

/// <summary>
/// Base class of every actor. Register typed handlers in the constructor with
/// <see cref="Receive{T}(Action{T})"/>; they are tried in registration order and the first
/// that matches handles the message; a message nobody handles goes to <see cref="Unhandled"/>.
/// Actors are created only by the kernel (<c>ActorOf</c> with <see cref="Props"/>).
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    // Handlers being registered on this thread (by the constructor or a Become configuration):
    // kept out of the instance so an actor pays only for its current list.
    [ThreadStatic]
    private static Behavior? t_building;

    // The current behaviour: handlers as a linked list (no array per actor), in registration order.
    private Handler? _handlers;
    private Stack<Handler?>? _stack;

    /// <summary>Binds the actor to the cell that is creating it.</summary>
    /// <exception cref="InvalidOperationException">The actor is constructed outside <c>ActorOf</c>.</exception>
    protected ActorBase()
    {
        _cell = ActorCell.Creating
            ?? throw new InvalidOperationException($"{GetType().Name} must be created through ActorOf(Props), not with new.");
    }

    /// <summary>This actor's context.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the current message (<see cref="ActorSystem.DeadLetters"/> when none).</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>The actor's timers.</summary>
    protected ITimerScheduler Timers => _cell.Timers;

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">Called outside the constructor or a <see cref="Become"/> configuration.</exception>
    protected void Receive<T>(Action<T> handler) => Add(new Handler<T>(handler ?? throw new ArgumentNullException(nameof(handler)), null));

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> is true.</summary>
    /// <exception cref="InvalidOperationException">Called outside the constructor or a <see cref="Become"/> configuration.</exception>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Add(new Handler<T>(handler ?? throw new ArgumentNullException(nameof(handler)), shouldHandle ?? throw new ArgumentNullException(nameof(shouldHandle))));

    /// <summary>Handles any message not matched by an earlier handler.</summary>
    /// <exception cref="InvalidOperationException">Called outside the constructor or a <see cref="Become"/> configuration.</exception>
    protected void ReceiveAny(Action<object> handler) => Add(new Handler<object>(handler ?? throw new ArgumentNullException(nameof(handler)), null));

    /// <summary>Replaces the current handlers with those registered by <paramref name="configure"/>.</summary>
    protected void Become(Action configure)
    {
        _handlers = Configure(configure);
        _stack?.Clear();
    }

    /// <summary>Pushes the handlers registered by <paramref name="configure"/>; <see cref="UnbecomeStacked"/> returns to the previous ones.</summary>
    protected void BecomeStacked(Action configure)
    {
        var next = Configure(configure);
        (_stack ??= new Stack<Handler?>()).Push(_handlers);
        _handlers = next;
    }

    /// <summary>Returns to the handlers in place before the last <see cref="BecomeStacked"/> (no-op when none).</summary>
    protected void UnbecomeStacked()
    {
        if (_stack is { Count: > 0 })
        {
            _handlers = _stack.Pop();
        }
    }

    /// <summary>After construction, before the first message.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>After the actor stopped (also the old instance on restart, via the default <see cref="PreRestart"/>).</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>On the failed instance before a restart. The default stops every child and calls <see cref="PostStop"/>.</summary>
    /// <param name="reason">The failure.</param>
    /// <param name="message">The message being handled when it failed, if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>On the new instance after a restart. The default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy this actor applies to its failing children; null uses the Props' strategy or the default.</summary>
    protected virtual SupervisorStrategy? SupervisorStrategy() => null;

    /// <summary>
    /// A message no handler took. The default fails the actor with <see cref="DeathPactException"/>
    /// for an unhandled <see cref="Terminated"/>, and publishes <see cref="UnhandledMessage"/> otherwise.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }
        _cell.System.PublishUnhandled(message, _cell.Sender, Self);
    }

    internal void ReceiveInternal(object message)
    {
        for (var handler = _handlers; handler is not null; handler = handler.Next)
        {
            if (handler.TryHandle(message))
            {
                return;
            }
        }
        Unhandled(message);
    }

    /// <summary>Called by the kernel before running an actor factory.</summary>
    internal static Behavior? BeginConfiguration()
    {
        var outer = t_building;
        t_building = new Behavior();
        return outer;
    }

    /// <summary>Called by the kernel after the factory: installs the constructor's handlers (unless the
    /// constructor already called Become) and ends registration.</summary>
    internal static void EndConfiguration(ActorBase? actor, Behavior? outer)
    {
        var built = t_building;
        t_building = outer;
        if (actor is not null && actor._handlers is null)
        {
            actor._handlers = built?.First;
        }
    }

    internal SupervisorStrategy? SupervisorStrategyInternal() => SupervisorStrategy();

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop() => PostStop();

    internal void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    private Handler? Configure(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var outer = t_building;
        var building = new Behavior();
        t_building = building;
        try
        {
            configure();
            return building.First;
        }
        finally
        {
            t_building = outer;
        }
    }

    private static void Add(Handler handler) =>
        (t_building ?? throw new InvalidOperationException("Receive handlers are registered in the constructor or inside Become/BecomeStacked."))
            .Append(handler);

    /// <summary>Handlers being registered by a constructor or a Become configuration.</summary>
    internal sealed class Behavior
    {
        private Handler? _last;

        public Handler? First { get; private set; }

        public void Append(Handler handler)
        {
            if (_last is null)
            {
                First = handler;
            }
            else
            {
                _last.Next = handler;
            }
            _last = handler;
        }
    }

    internal abstract class Handler
    {
        public Handler? Next { get; set; }

        public abstract bool TryHandle(object message);
    }

    private sealed class Handler<T>(Action<T> action, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
            {
                action(typed);
                return true;
            }
            return false;
        }
    }
}
