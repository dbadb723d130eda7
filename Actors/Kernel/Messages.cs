namespace Sift.Actors.Kernel;

/// <summary>Sent to a watcher when an actor it watches has stopped. Arrives after every
/// message the dead actor sent to the watcher before it stopped.</summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">False when the actor was already dead when the watch was asked for.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed);

/// <summary>Stops the actor once it reaches this message (messages queued before it are processed first).</summary>
public sealed class PoisonPill
{
    /// <summary>The single instance.</summary>
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }
}

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/> when it reaches this message;
/// the default supervisor strategy stops it.</summary>
public sealed class Kill
{
    /// <summary>The single instance.</summary>
    public static readonly Kill Instance = new();

    private Kill()
    {
    }
}

/// <summary>Results piped to actors (<see cref="PipeToExtensions"/>) and replies that carry an outcome.</summary>
public static class Status
{
    /// <summary>A completed operation that has no value.</summary>
    /// <param name="Value">An optional value.</param>
    public sealed record Success(object? Value)
    {
        /// <summary>A success without value.</summary>
        public static readonly Success Instance = new((object?)null);
    }

    /// <summary>A failed operation. An <c>Ask</c> answered with it throws <paramref name="Cause"/>.</summary>
    /// <param name="Cause">What went wrong.</param>
    public sealed record Failure(Exception Cause);
}

/// <summary>A message that could not be delivered (recipient dead, mailbox full, pool overloaded, no routee).</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Its sender, or null.</param>
/// <param name="Recipient">The intended recipient.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A message that reached an actor that has no handler for it (published on the event stream).</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, or null.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Why a message was refused at once.</summary>
public enum OverloadReason
{
    /// <summary>The recipient's bounded mailbox held its capacity of messages.</summary>
    MailboxFull,

    /// <summary>Every routee of the pool that could take the message already had its maximum in flight.</summary>
    PoolInFlightLimit,
}

/// <summary>
/// The answer to a sender whose message was refused because a bounded mailbox or a pool's
/// in-flight bound was full. Sent at once, from the refusing side, to the original sender
/// (the refused message also becomes a <see cref="DeadLetter"/>). Sift never blocks a sender
/// and never queues without bound: a check actor that gets this reports the check as overloaded.
/// </summary>
/// <param name="Message">The refused message.</param>
/// <param name="Recipient">The actor or pool that refused it.</param>
/// <param name="Reason">Which bound was full.</param>
/// <param name="Limit">The bound's size (mailbox capacity, or in-flight messages per routee).</param>
public sealed record Overloaded(object Message, IActorRef Recipient, OverloadReason Reason, int Limit);
