using System.Runtime.CompilerServices;
using Sift.Actors.Kernel;

namespace Sift.Actors.Checks;

/// <summary>
/// Turning a check's work (the <see cref="ValueTask{TResult}"/> of a <see cref="CheckExecutor"/>)
/// into its <see cref="CheckReply"/>, the same way wherever the check runs: in a check actor, or
/// inline on the caller's thread.
/// </summary>
public static class CheckCompletion
{
    /// <summary>The reply for work that has completed: its answer, or the exception it ended with.</summary>
    /// <param name="tag">The request's tag.</param>
    /// <param name="completed">Work whose <see cref="ValueTask{TResult}.IsCompleted"/> is true; consumed.</param>
    public static CheckReply ReplyOf(int tag, ValueTask<object?> completed)
    {
        try
        {
            return CheckReply.Success(tag, completed.Result);
        }
        catch (Exception e)
        {
            return CheckReply.Failure(tag, e);
        }
    }

    /// <summary>
    /// Once <paramref name="work"/> completes, disposes <paramref name="lease"/> (its in-flight
    /// place: the work is over, so a requester that sees the reply may use the place again) and
    /// tells <paramref name="replyTo"/> the reply, from the thread that completes the work; nothing
    /// waits on a thread meanwhile.
    /// </summary>
    public static void TellWhenDone(ValueTask<object?> work, IActorRef replyTo, int tag, IDisposable? lease)
    {
        ArgumentNullException.ThrowIfNull(replyTo);
        if (work.IsCompleted)
        {
            Tell(ReplyOf(tag, work), replyTo, lease);
            return;
        }
        var pending = new Pending(work, replyTo, tag, lease);
        work.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(pending.OnCompleted);
    }

    /// <summary>
    /// An untyped executor over a typed async function: a synchronous answer is boxed without a
    /// state machine; an asynchronous one is awaited by a pooled state machine (no allocation per
    /// check once warm, since the engine consumes each result exactly once).
    /// </summary>
    public static CheckExecutor Untyped<T>(Func<object, CancellationToken, ValueTask<T>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return (parameters, cancellationToken) =>
        {
            var work = check(parameters, cancellationToken);
            return work.IsCompletedSuccessfully ? new ValueTask<object?>(work.Result) : AwaitBoxed(work);
        };
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<object?> AwaitBoxed<T>(ValueTask<T> work) => await work.ConfigureAwait(false);

    private static void Tell(CheckReply reply, IActorRef replyTo, IDisposable? lease)
    {
        lease?.Dispose();
        replyTo.Tell(reply, ActorRefs.NoSender);
    }

    private sealed class Pending(ValueTask<object?> work, IActorRef replyTo, int tag, IDisposable? lease)
    {
        public void OnCompleted() => Tell(ReplyOf(tag, work), replyTo, lease);
    }
}
