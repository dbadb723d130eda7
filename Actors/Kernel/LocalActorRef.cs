namespace Sift.Actors.Kernel;

/// <summary>The reference to an actor of this process; it lives as long as the actor's cell.</summary>
internal class LocalActorRef(ActorCell cell) : IInternalActorRef
{
    internal readonly ActorCell Cell = cell;

    public string Path => Cell.Path;

    public ActorSystem System => Cell.System;

    public virtual void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.SendMessage(message, ActorRefs.Resolve(sender), null);
    }

    public void SendSystemMessage(SystemMessage message) => Cell.SendSystemMessage(message);

    public override string ToString() => $"[{Path}]";
}
