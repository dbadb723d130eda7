namespace Sift.Actors.Kernel;

/// <summary>An <c>Ask</c> got no answer within its timeout.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>An <c>Ask</c> was answered with <see cref="Overloaded"/>: the target refused the question at once.</summary>
public sealed class OverloadedException(Overloaded overloaded)
    : Exception($"{overloaded.Recipient.Path} refused {overloaded.Message.GetType().Name}: {overloaded.Reason} (limit {overloaded.Limit}).")
{
    /// <summary>The refusal.</summary>
    public Overloaded Overloaded { get; } = overloaded;
}

/// <summary>An actor's constructor, PreStart or PostRestart threw. The default strategy stops the actor.</summary>
public sealed class ActorInitializationException(IActorRef actor, Exception inner)
    : Exception($"{actor.Path} failed to start: {inner.Message}", inner)
{
    /// <summary>The actor that failed to start.</summary>
    public IActorRef Actor { get; } = actor;
}

/// <summary>The actor received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>An actor received <see cref="Terminated"/> for an actor it watched and had no handler for it.</summary>
public sealed class DeathPactException(IActorRef dead)
    : Exception($"Watched actor {dead.Path} terminated and the watcher does not handle Terminated.")
{
    /// <summary>The actor that terminated.</summary>
    public IActorRef Dead { get; } = dead;
}

/// <summary>An actor name is empty, malformed or already taken by a sibling.</summary>
public sealed class InvalidActorNameException(string message) : ArgumentException(message);
