namespace Sift.Actors.Kernel;

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>
    /// Passed as the sender, it means "no sender" even inside an actor (where a null sender means
    /// the current actor). An actor that receives such a message sees <see cref="ActorSystem.DeadLetters"/>
    /// as its sender, so replies are counted as dead letters rather than lost. Telling it drops the message.
    /// </summary>
    public static readonly IActorRef NoSender = new NoSenderRef();

    /// <summary>Resolves the sender of a Tell: explicit sender, else the current actor, else none.</summary>
    internal static IActorRef? Resolve(IActorRef? sender)
    {
        if (sender is null)
        {
            return ActorCell.Current?.Self;
        }
        return ReferenceEquals(sender, NoSender) ? null : sender;
    }

    private sealed class NoSenderRef : IActorRef
    {
        public string Path => "/nosender";

        public void Tell(object message, IActorRef? sender = null) => ArgumentNullException.ThrowIfNull(message);

        public override string ToString() => "[NoSender]";
    }
}
