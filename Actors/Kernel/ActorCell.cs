using Sift.Actors.Kernel.Routing;

namespace Sift.Actors.Kernel;

/// <summary>
/// The kernel side of one actor: its mailbox, the current actor instance, children, death
/// watch, timers and the failure protocol. Split by concern: <c>ActorCell.Children.cs</c>,
/// <c>ActorCell.DeathWatch.cs</c>, <c>ActorCell.Faults.cs</c>. Everything except sending,
/// <see cref="ActorOf"/> and <see cref="Stop"/> runs on the actor's own turn.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    private const int FailedFlag = 1;
    private const int TerminatingFlag = 2;
    private const int TerminatedFlag = 4;

    [ThreadStatic]
    private static ActorCell? t_current;

    [ThreadStatic]
    private static ActorCell? t_creating;

    private readonly ActorSystem _system;
    private readonly IInternalActorRef _parent;
    private readonly Props _props;
    private readonly string _name;
    private ActorBase? _actor;
    private object? _currentMessage;
    private IActorRef? _currentSender;
    private RouteeSlot? _currentSlot;
    private TimerScheduler? _timers;
    private RestartStats? _restarts;
    private int _flags;

    public ActorCell(ActorSystem system, IInternalActorRef parent, Props props, string name)
    {
        _system = system;
        _parent = parent;
        _props = props;
        _name = name;
        Mailbox = new Mailbox(this, props.MailboxCapacity, props.CallerTurns);
        Self = props.Router is null ? new LocalActorRef(this) : new RoutedActorRef(this, props.Router);
    }

    /// <summary>The cell whose actor is handling a message on this thread.</summary>
    internal static ActorCell? Current => t_current;

    /// <summary>Marks the start of a mailbox turn on this thread (set once per turn, not per message).</summary>
    internal static ActorCell? EnterTurn(ActorCell cell)
    {
        var previous = t_current;
        t_current = cell;
        return previous;
    }

    internal static void ExitTurn(ActorCell? previous) => t_current = previous;

    /// <summary>The cell whose actor is being constructed on this thread (read by <see cref="ActorBase"/>'s constructor).</summary>
    internal static ActorCell? Creating => t_creating;

    internal Mailbox Mailbox { get; }

    internal LocalActorRef Self { get; }

    internal string Name => _name;

    internal string Path => $"{_parent.Path}/{_name}";

    internal IInternalActorRef ParentRef => _parent;

    internal Props Props => _props;

    internal ActorBase? Actor => _actor;

    /// <summary>Restart statistics for the parent's supervisor strategy (touched only on the parent's turn);
    /// allocated at the first failure, so an actor that never fails does not pay for them.</summary>
    internal RestartStats Restarts => _restarts ??= new RestartStats();

    public ActorSystem System => _system;

    IActorRef IActorContext.Self => Self;

    public IActorRef Sender => _currentSender ?? _system.DeadLetters;

    public IActorRef Parent => _parent;

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    private bool IsTerminating => (_flags & TerminatingFlag) != 0;

    /// <summary>Queues the Create message; the actor is constructed on its first turn.</summary>
    internal void Start() => SendSystemMessage(new Create());

    internal void SendMessage(object message, IActorRef? sender, RouteeSlot? slot)
    {
        var envelope = new Envelope(message, sender, slot);
        var result = Mailbox.Enqueue(envelope);
        if (result == EnqueueResult.Full && message is Terminated or Overloaded or TimerEntry)
        {
            result = Mailbox.Enqueue(envelope, ignoreCapacity: true);
        }
        if (result == EnqueueResult.Accepted)
        {
            return;
        }
        slot?.Release();
        if (result == EnqueueResult.Full)
        {
            _system.RejectOverloaded(message, sender, Self, OverloadReason.MailboxFull, Mailbox.Capacity);
        }
        else
        {
            _system.PublishDeadLetter(message, sender, Self);
        }
    }

    internal void SendSystemMessage(SystemMessage message)
    {
        if (!Mailbox.EnqueueSystem(message))
        {
            SystemMessageToDeadActor(message);
        }
    }

    /// <summary>Handles one user message on the actor's turn; a handler exception goes to the supervisor.</summary>
    internal void Invoke(in Envelope envelope)
    {
        var message = envelope.Message;
        _currentMessage = message;
        _currentSender = envelope.Sender;
        _currentSlot = envelope.Slot;
        try
        {
            switch (message)
            {
                case TimerEntry timer:
                    if (_timers?.Accept(timer) == true)
                    {
                        _currentSender = null;
                        ReceiveMessage(timer.Message);
                    }
                    break;
                case Terminated terminated:
                    if (ConsumeQueuedTerminated(terminated.ActorRef))
                    {
                        ReceiveMessage(terminated);
                    }
                    break;
                case PoisonPill:
                    Stop(Self);
                    break;
                case Kill:
                    throw new ActorKilledException($"{Path} received Kill.");
                default:
                    ReceiveMessage(message);
                    break;
            }
            _currentMessage = null;
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
        finally
        {
            _currentSender = null;
            var slot = _currentSlot;
            if (slot is not null)
            {
                _currentSlot = null;
                slot.Release();
            }
        }
    }

    /// <summary>Handles one system message on the actor's turn.</summary>
    internal void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Kernel.Create:
                    CreateActor();
                    break;
                case Kernel.Terminate:
                    TerminateActor();
                    break;
                case Failed failed:
                    HandleFailed(failed);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification);
                    break;
                case Watch watch:
                    AddWatcher(watch.Watcher);
                    break;
                case Unwatch unwatch:
                    RemoveWatcher(unwatch.Watcher);
                    break;
                case Suspend:
                    SuspendRecursively();
                    break;
                case Resume resume:
                    FaultResume(resume.Cause);
                    break;
                case Recreate recreate:
                    FaultRecreate(recreate.Cause);
                    break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    public InFlightLease KeepInFlight()
    {
        var slot = _currentSlot;
        if (slot is null)
        {
            return InFlightLease.None;
        }
        _currentSlot = null;
        return new InFlightLease(slot);
    }

    private void ReceiveMessage(object message) => _actor!.ReceiveInternal(message);

    private ActorBase NewActor()
    {
        var previous = t_creating;
        t_creating = this;
        var outer = ActorBase.BeginConfiguration();
        ActorBase? actor = null;
        try
        {
            actor = _props.NewActor();
            return actor;
        }
        finally
        {
            ActorBase.EndConfiguration(actor, outer);
            t_creating = previous;
        }
    }

    public override string ToString() => $"ActorCell[{Path}]";

    /// <summary>Restarts within the current window, and a restart waiting for children to die.</summary>
    internal sealed class RestartStats
    {
        public int Count;
        public long WindowStart;
        public Exception? PendingRecreate;
    }
}
