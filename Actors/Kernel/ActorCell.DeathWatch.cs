namespace Sift.Actors.Kernel;

internal sealed partial class ActorCell
{
    private WatchState? _watch;

    public IActorRef Watch(IActorRef subject)
    {
        if (subject is not IInternalActorRef target)
        {
            throw new ArgumentException($"{subject} is not an actor of this kernel and cannot be watched.", nameof(subject));
        }
        if (ReferenceEquals(subject, Self))
        {
            return subject;
        }
        var watch = _watch ??= new WatchState();
        if (watch.Watching.Add(subject))
        {
            target.SendSystemMessage(new Watch(target, Self));
        }
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var watch = _watch;
        if (watch is null || subject is not IInternalActorRef target)
        {
            return subject;
        }
        watch.TerminatedQueued?.Remove(subject);
        if (watch.Watching.Remove(subject))
        {
            target.SendSystemMessage(new Unwatch(target, Self));
        }
        return subject;
    }

    private void AddWatcher(IInternalActorRef watcher)
    {
        if (ReferenceEquals(watcher, Self) || ReferenceEquals(watcher, _parent))
        {
            // The parent always learns of a child's death; no need to record it twice.
            return;
        }
        (_watch ??= new WatchState()).WatchedBy.Add(watcher);
    }

    private void RemoveWatcher(IInternalActorRef watcher) => _watch?.WatchedBy.Remove(watcher);

    /// <summary>
    /// A watched actor (or a child) died. A child is removed from the children; a watched
    /// actor's Terminated is queued as a user message, so it arrives after the messages the
    /// dead actor sent before dying (they are already in the mailbox).
    /// </summary>
    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var watch = _watch;
        if (watch is not null && watch.Watching.Remove(notification.Actor) && !IsTerminating)
        {
            (watch.TerminatedQueued ??= []).Add(notification.Actor);
            SendMessage(new Terminated(notification.Actor, notification.ExistenceConfirmed), null, null);
        }
        if (notification.Actor is LocalActorRef child && ReferenceEquals(child.Cell.ParentRef, Self))
        {
            ChildTerminated(child);
        }
    }

    /// <summary>True when the Terminated for <paramref name="actor"/> should reach the actor (not unwatched meanwhile).</summary>
    private bool ConsumeQueuedTerminated(IActorRef actor) => _watch?.TerminatedQueued?.Remove(actor) == true;

    /// <summary>On stop: withdraw our watches, then tell every watcher (and the parent, last) that we are gone.</summary>
    private void UnwatchAll()
    {
        var watch = _watch;
        if (watch is null)
        {
            return;
        }
        foreach (var subject in watch.Watching)
        {
            ((IInternalActorRef)subject).SendSystemMessage(new Unwatch((IInternalActorRef)subject, Self));
        }
        watch.Watching.Clear();
        watch.TerminatedQueued = null;
    }

    private void NotifyWatchers()
    {
        var watch = _watch;
        if (watch is not null)
        {
            foreach (var watcher in watch.WatchedBy)
            {
                watcher.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true));
            }
            watch.WatchedBy.Clear();
        }
        _parent.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: true));
    }

    /// <summary>A system message reached a closed mailbox: answer a Watch at once, drop the rest.</summary>
    private void SystemMessageToDeadActor(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, _parent))
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(Self, existenceConfirmed: false));
        }
    }

    /// <summary>Who this actor watches and who watches it; allocated on first use.</summary>
    private sealed class WatchState
    {
        public readonly HashSet<IActorRef> Watching = [];
        public readonly HashSet<IInternalActorRef> WatchedBy = [];
        public HashSet<IActorRef>? TerminatedQueued;
    }
}
