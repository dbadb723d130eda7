using Sift.Actors.Kernel.Routing;

namespace Sift.Actors.Kernel;

/// <summary>What an actor sees of itself and the kernel while it handles a message. Use it only
/// from the actor's own handlers (it is not thread-safe to call from a continuation; pipe results
/// back with <see cref="PipeToExtensions.PipeTo{T}(Task{T}, IActorRef, IActorRef?, InFlightLease?)"/>).</summary>
public interface IActorContext
{
    /// <summary>This actor.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled; <see cref="ActorSystem.DeadLetters"/> when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor of this actor.</summary>
    IActorRef Parent { get; }

    /// <summary>A snapshot of the live children (including those being stopped).</summary>
    IReadOnlyList<IActorRef> Children { get; }

    /// <summary>The system this actor belongs to (its TimeProvider, event stream, dead letters, scheduler).</summary>
    ActorSystem System { get; }

    /// <summary>The actor's timers; they are cancelled on restart and stop.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>The child named <paramref name="name"/>, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>Creates a child. A null name gives a unique anonymous name starting with <c>$</c>.</summary>
    /// <exception cref="InvalidActorNameException">The name is malformed or taken by a live sibling.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops a child or this actor (after the current message; queued messages become dead letters).</summary>
    void Stop(IActorRef actor);

    /// <summary>Asks to receive <see cref="Terminated"/> when <paramref name="subject"/> stops (at once if it is already dead).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Withdraws a watch; a Terminated not yet handled is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>
    /// For a pool routee answering asynchronously: keeps the message being handled counted as
    /// in flight after the handler returns, until the returned lease is disposed (hand it to
    /// <c>PipeTo</c>). Outside a pooled message it returns a lease that does nothing.
    /// </summary>
    InFlightLease KeepInFlight();
}
