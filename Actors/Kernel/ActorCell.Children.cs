using Sift.Actors.Kernel.Routing;

namespace Sift.Actors.Kernel;

internal sealed partial class ActorCell
{
    private ChildrenContainer? _children;

    public IReadOnlyList<IActorRef> Children
    {
        get
        {
            var container = Volatile.Read(ref _children);
            if (container is null)
            {
                return [];
            }
            lock (container)
            {
                return [.. container.ByName.Values];
            }
        }
    }

    public IActorRef? Child(string name)
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return null;
        }
        lock (container)
        {
            return container.ByName.TryGetValue(name, out var child) ? child : null;
        }
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
        {
            name = _system.NextAnonymousName();
        }
        else
        {
            ValidateName(name);
        }
        if (IsTerminating)
        {
            throw new InvalidOperationException($"{Path} is stopping and cannot create children.");
        }
        var routeeProps = props;
        if (props.Router is not null)
        {
            props = Props.ForPoolRouter(props.Router);
        }
        var child = new ActorCell(_system, Self, props, name);
        var container = EnsureChildren();
        lock (container)
        {
            if (!container.ByName.TryAdd(name, child.Self))
            {
                throw new InvalidActorNameException($"{Path} already has a child named '{name}'.");
            }
        }
        if (child.Self is RoutedActorRef routed)
        {
            routed.CreateRoutees(routeeProps.WithoutRouter());
        }
        child.Start();
        return child.Self;
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ReferenceEquals(actor, Self))
        {
            Self.SendSystemMessage(new Terminate());
            return;
        }
        if (actor is not LocalActorRef child || !ReferenceEquals(child.Cell.ParentRef, Self))
        {
            throw new ArgumentException($"{actor.Path} is not a child of {Path}: only an actor's parent (or the actor itself) can stop it.", nameof(actor));
        }
        StopChild(child);
    }

    /// <summary>Marks the child as to die (a restart waits for those) and sends it Terminate.</summary>
    internal void StopChild(LocalActorRef child)
    {
        var container = EnsureChildren();
        lock (container)
        {
            if (container.ByName.TryGetValue(child.Cell.Name, out var current) && ReferenceEquals(current, child))
            {
                (container.ToDie ??= []).Add(child);
            }
        }
        child.SendSystemMessage(new Terminate());
    }

    internal bool IsLiveChild(IActorRef actor)
    {
        var container = Volatile.Read(ref _children);
        if (container is null || actor is not LocalActorRef local)
        {
            return false;
        }
        lock (container)
        {
            return container.ByName.TryGetValue(local.Cell.Name, out var current)
                && ReferenceEquals(current, local)
                && container.ToDie?.Contains(local) != true;
        }
    }

    /// <summary>Children not being stopped.</summary>
    internal List<LocalActorRef> LiveChildren()
    {
        var container = Volatile.Read(ref _children);
        var live = new List<LocalActorRef>();
        if (container is null)
        {
            return live;
        }
        lock (container)
        {
            foreach (var child in container.ByName.Values)
            {
                if (container.ToDie?.Contains(child) != true)
                {
                    live.Add(child);
                }
            }
        }
        return live;
    }

    /// <summary>A child has terminated: free its name, then finish a pending stop or restart.</summary>
    private void ChildTerminated(LocalActorRef child)
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return;
        }
        bool none;
        bool noneToDie;
        lock (container)
        {
            if (container.ByName.TryGetValue(child.Cell.Name, out var current) && ReferenceEquals(current, child))
            {
                container.ByName.Remove(child.Cell.Name);
            }
            container.ToDie?.Remove(child);
            none = container.ByName.Count == 0;
            noneToDie = container.ToDie is null || container.ToDie.Count == 0;
        }
        if (IsTerminating)
        {
            if (none)
            {
                FinishTerminate();
            }
        }
        else if (_restarts?.PendingRecreate is { } cause && noneToDie)
        {
            FinishRecreate(cause);
        }
    }

    private bool HasChildren()
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return false;
        }
        lock (container)
        {
            return container.ByName.Count > 0;
        }
    }

    private bool HasChildrenToDie()
    {
        var container = Volatile.Read(ref _children);
        if (container is null)
        {
            return false;
        }
        lock (container)
        {
            return container.ToDie is { Count: > 0 };
        }
    }

    private ChildrenContainer EnsureChildren()
    {
        var container = Volatile.Read(ref _children);
        if (container is not null)
        {
            return container;
        }
        Interlocked.CompareExchange(ref _children, new ChildrenContainer(), null);
        return _children!;
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0 || name[0] == '$' || name.AsSpan().IndexOfAny("/#? ") >= 0)
        {
            throw new InvalidActorNameException(
                $"'{name}' is not a valid actor name: it must be non-empty, must not start with '$' and must not contain '/', '#', '?' or spaces.");
        }
    }

    /// <summary>Children by name, and those asked to stop (a name stays taken until the child has terminated).</summary>
    private sealed class ChildrenContainer
    {
        public readonly Dictionary<string, LocalActorRef> ByName = new(StringComparer.Ordinal);
        public HashSet<LocalActorRef>? ToDie;
    }
}
