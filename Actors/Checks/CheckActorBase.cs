using Sift.Actors.Kernel;

namespace Sift.Actors.Checks;

/// <summary>
/// Base of every check actor: answers each <see cref="CheckRequest"/> with exactly one
/// <see cref="CheckReply"/>. Subclasses handle <see cref="CheckRequest"/> and answer through
/// <see cref="Reply"/>, <see cref="Fail"/> or <see cref="Complete"/> (asynchronous work, kept
/// inside the pool's in-flight bound). When a handler throws, the supervisor restarts the actor
/// and the request that was being handled is answered with the exception, so its batch records
/// an error for that check and nothing else notices.
/// </summary>
public abstract class CheckActorBase : ActorBase
{
    /// <summary>Answers <paramref name="request"/> with <paramref name="answer"/>.</summary>
    protected static void Reply(CheckRequest request, object? answer)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ReplyTo.Tell(CheckReply.Success(request.Tag, answer), ActorRefs.NoSender);
    }

    /// <summary>Answers <paramref name="request"/> with a failure.</summary>
    protected static void Fail(CheckRequest request, Exception error)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ReplyTo.Tell(CheckReply.Failure(request.Tag, error), ActorRefs.NoSender);
    }

    /// <summary>
    /// Answers <paramref name="request"/> when <paramref name="work"/> completes. A synchronous
    /// completion is answered at once; otherwise the message stays counted in the pool's in-flight
    /// bound (<see cref="IActorContext.KeepInFlight"/>) until the work ends.
    /// </summary>
    protected void Complete(CheckRequest request, ValueTask<object?> work)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckCompletion.TellWhenDone(work, request.ReplyTo, request.Tag, work.IsCompleted ? null : Context.KeepInFlight());
    }

    /// <summary>Answers the request being handled when the actor failed, then restarts as usual.</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
        if (message is CheckRequest request)
        {
            Fail(request, new CheckActorFailedException(Self.Path, reason));
        }
        base.PreRestart(reason, message);
    }
}

/// <summary>A check actor threw while handling a request; it was restarted and the request failed.</summary>
/// <param name="actorPath">The actor that failed.</param>
/// <param name="cause">What it threw.</param>
public sealed class CheckActorFailedException(string actorPath, Exception cause)
    : Exception($"check actor {actorPath} failed: {cause.Message}", cause);
