namespace Sift.Actors.Kernel;

/// <summary>Ask and Forward.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and returns its first answer.
    /// An <see cref="Status.Failure"/> answer throws its cause; an <see cref="Overloaded"/> answer
    /// (when <typeparamref name="T"/> is not <see cref="Overloaded"/>) throws <see cref="OverloadedException"/>.
    /// The timeout runs on the system's <see cref="TimeProvider"/>.
    /// </summary>
    /// <exception cref="AskTimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="OverloadedException">The target refused the message at once.</exception>
    /// <exception cref="InvalidCastException">The answer is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="TaskCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        if (target is not IInternalActorRef internalTarget)
        {
            throw new ArgumentException($"{target} is not an actor of this kernel.", nameof(target));
        }
        var promise = new PromiseActorRef(internalTarget.System, target, message.GetType(), timeout, cancellationToken);
        target.Tell(message, promise);
        var answer = await promise.Task.ConfigureAwait(false);
        return answer switch
        {
            T typed => typed,
            Overloaded overloaded => throw new OverloadedException(overloaded),
            _ => throw new InvalidCastException(
                $"Ask of {message.GetType().Name} to {target.Path} expected {typeof(T).Name} but was answered with {answer.GetType().Name}."),
        };
    }

    /// <summary>Sends <paramref name="message"/> keeping the sender of the message being handled (inside an actor).</summary>
    /// <exception cref="InvalidOperationException">Called outside an actor's handler.</exception>
    public static void Forward(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        var cell = ActorCell.Current ?? throw new InvalidOperationException("Forward is used inside an actor's handler.");
        target.Tell(message, cell.Sender);
    }
}
