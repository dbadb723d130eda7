namespace Sift.Actors.Kernel;

/// <summary>Delayed and periodic Tells on the system's <see cref="TimeProvider"/>. Inside an actor prefer
/// <see cref="ITimerScheduler"/>, whose timers die with the actor.</summary>
public sealed class Scheduler
{
    private readonly TimeProvider _time;

    internal Scheduler(TimeProvider time) => _time = time;

    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> after <paramref name="delay"/>; dispose to cancel.</summary>
    public IDisposable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null) =>
        new ScheduledTell(_time, delay, Timeout.InfiniteTimeSpan, receiver, message, sender);

    /// <summary>Tells <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>; dispose to stop.</summary>
    public IDisposable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new ScheduledTell(_time, initialDelay, interval, receiver, message, sender);
    }

    private sealed class ScheduledTell : IDisposable
    {
        private readonly IActorRef _receiver;
        private readonly object _message;
        private readonly IActorRef _sender;
        private readonly bool _once;
        private readonly ITimer _timer;

        public ScheduledTell(TimeProvider time, TimeSpan delay, TimeSpan period, IActorRef receiver, object message, IActorRef? sender)
        {
            ArgumentNullException.ThrowIfNull(receiver);
            ArgumentNullException.ThrowIfNull(message);
            _receiver = receiver;
            _message = message;
            _sender = sender ?? ActorRefs.NoSender;
            _once = period == Timeout.InfiniteTimeSpan;
            _timer = time.CreateTimer(static s => ((ScheduledTell)s!).Fire(), this, delay, period);
        }

        public void Dispose() => _timer.Dispose();

        private void Fire()
        {
            _receiver.Tell(_message, _sender);
            if (_once)
            {
                _timer?.Dispose();
            }
        }
    }
}
