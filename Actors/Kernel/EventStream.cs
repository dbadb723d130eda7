namespace Sift.Actors.Kernel;

/// <summary>
/// Publish/subscribe by type inside one system: <see cref="DeadLetter"/>, <see cref="UnhandledMessage"/>
/// and any event an actor publishes. Subscribing to a type receives its subtypes too. An actor's
/// subscriptions end when it stops. Subscriptions are a copy-on-write array: publishing takes no lock.
/// </summary>
public sealed class EventStream
{
    private readonly ActorSystemMetrics _metrics;
    private readonly object _gate = new();
    private Subscription[] _subscriptions = [];

    internal EventStream(ActorSystemMetrics metrics) => _metrics = metrics;

    /// <summary>Subscribes <paramref name="subscriber"/> to events of type <typeparamref name="T"/>.</summary>
    public void Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    /// <summary>Subscribes <paramref name="subscriber"/> to events assignable to <paramref name="eventType"/>.</summary>
    public void Subscribe(IActorRef subscriber, Type eventType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(eventType);
        lock (_gate)
        {
            foreach (var s in _subscriptions)
            {
                if (ReferenceEquals(s.Subscriber, subscriber) && s.EventType == eventType)
                {
                    return;
                }
            }
            _subscriptions = [.. _subscriptions, new Subscription(subscriber, eventType)];
        }
    }

    /// <summary>Ends the subscriptions of <paramref name="subscriber"/> to <typeparamref name="T"/>.</summary>
    public void Unsubscribe<T>(IActorRef subscriber) => Remove(subscriber, typeof(T));

    /// <summary>Ends every subscription of <paramref name="subscriber"/>.</summary>
    public void UnsubscribeAll(IActorRef subscriber) => Remove(subscriber, null);

    /// <summary>Delivers <paramref name="event"/> to every subscriber of its type (or a base type), with no sender.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        _metrics.OnPublished();
        var subscriptions = Volatile.Read(ref _subscriptions);
        var type = @event.GetType();
        foreach (var s in subscriptions)
        {
            if (s.EventType.IsAssignableFrom(type))
            {
                s.Subscriber.Tell(@event, ActorRefs.NoSender);
            }
        }
    }

    private void Remove(IActorRef subscriber, Type? eventType)
    {
        if (!IsSubscribed(Volatile.Read(ref _subscriptions), subscriber))
        {
            // Most actors never subscribe: stopping them takes no lock and allocates nothing.
            return;
        }
        lock (_gate)
        {
            _subscriptions = Array.FindAll(
                _subscriptions,
                s => !ReferenceEquals(s.Subscriber, subscriber) || (eventType is not null && s.EventType != eventType));
        }
    }

    private static bool IsSubscribed(Subscription[] subscriptions, IActorRef subscriber)
    {
        foreach (var s in subscriptions)
        {
            if (ReferenceEquals(s.Subscriber, subscriber))
            {
                return true;
            }
        }
        return false;
    }

    private sealed record Subscription(IActorRef Subscriber, Type EventType);
}
