namespace Sift.Actors.Kernel;

/// <summary>The dead-letter office: what is told to it is counted and published as a <see cref="DeadLetter"/>;
/// watching it answers Terminated at once.</summary>
internal sealed class DeadLettersActorRef(ActorSystem system) : IInternalActorRef
{
    public string Path { get; } = $"sift://{system.Name}/deadLetters";

    public ActorSystem System => system;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var resolved = ActorRefs.Resolve(sender);
        if (message is DeadLetter letter)
        {
            system.PublishDeadLetter(letter.Message, letter.Sender, letter.Recipient);
        }
        else
        {
            system.PublishDeadLetter(message, resolved, this);
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: false));
        }
    }

    public override string ToString() => $"[{Path}]";
}
