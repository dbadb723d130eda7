namespace Sift.Actors.Kernel;

/// <summary>
/// The address of an actor. Telling never blocks and never throws for a full or dead
/// recipient: an undeliverable message becomes a <see cref="DeadLetter"/>, and a message
/// refused by a full bounded mailbox or pool is answered at once with <see cref="Overloaded"/>.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's path, e.g. <c>sift://gateway/user/dns/$b</c>. For logs and diagnostics.</summary>
    string Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> for the actor. When <paramref name="sender"/> is null
    /// and the call is made from inside an actor, that actor is the sender; pass
    /// <see cref="ActorRefs.NoSender"/> to send anonymously from inside an actor.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    void Tell(object message, IActorRef? sender = null);
}

/// <summary>A reference the kernel can also send system messages to (stop, watch, failure, restart).</summary>
internal interface IInternalActorRef : IActorRef
{
    /// <summary>The system the reference belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>Delivers a system message, which overtakes every user message not yet processed.</summary>
    void SendSystemMessage(SystemMessage message);
}
