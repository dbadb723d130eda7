namespace Sift.Actors.Kernel;

/// <summary>
/// The temporary sender of an Ask. The first message told to it completes the task
/// (a <see cref="Status.Failure"/> as its exception); its timer and cancellation registration
/// are released as soon as it completes, so an answered or timed-out ask leaves nothing behind.
/// Later replies become dead letters.
/// </summary>
internal sealed class PromiseActorRef : IInternalActorRef
{
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly string _target;
    private readonly Type _messageType;
    private readonly TimeSpan _timeout;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private int _released;

    public PromiseActorRef(ActorSystem system, IActorRef target, Type messageType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _system = system;
        _target = target.Path;
        _messageType = messageType;
        _timeout = timeout;
        system.Metrics.OnAskStarted();
        _timer = system.TimeProvider.CreateTimer(static s => ((PromiseActorRef)s!).TimedOut(), this, timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static (s, ct) => ((PromiseActorRef)s!).Cancelled(ct), this);
        }
        if (_promise.Task.IsCompleted)
        {
            Release();
            if (Volatile.Read(ref _released) == 1)
            {
                _cancellation.Dispose();
            }
        }
    }

    public Task<object> Task => _promise.Task;

    public string Path => $"sift://{_system.Name}/temp/ask";

    public ActorSystem System => _system;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var completed = message is Status.Failure failure
            ? _promise.TrySetException(failure.Cause)
            : _promise.TrySetResult(message);
        if (completed)
        {
            Release();
        }
        else
        {
            _system.PublishDeadLetter(message, ActorRefs.Resolve(sender), this);
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: false));
        }
    }

    private void TimedOut()
    {
        if (_promise.TrySetException(new AskTimeoutException(
            $"Ask of {_messageType.Name} to {_target} got no answer within {_timeout.TotalMilliseconds:0.###} ms.")))
        {
            Release();
        }
    }

    private void Cancelled(CancellationToken token)
    {
        if (_promise.TrySetCanceled(token))
        {
            Release();
        }
    }

    private void Release()
    {
        if (_timer is null || Interlocked.Exchange(ref _released, 1) != 0)
        {
            // The constructor has not finished: it calls Release again once the timer exists.
            return;
        }
        _timer.Dispose();
        _cancellation.Dispose();
        _timer = null;
        _system.Metrics.OnAskFinished();
    }
}
