using Sift.Actors.Kernel.Routing;

namespace Sift.Actors.Kernel;

/// <summary>Sends the outcome of a task to an actor: its value, or <see cref="Status.Failure"/>.</summary>
public static class PipeToExtensions
{
    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> its value (or a
    /// <see cref="Status.Failure"/> carrying the exception; a cancelled task gives a
    /// <see cref="TaskCanceledException"/>). <paramref name="lease"/>, from
    /// <see cref="IActorContext.KeepInFlight"/>, is released after the result is sent, so a pool's
    /// in-flight bound covers the asynchronous work.
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null, InFlightLease? lease = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        var state = new PipeState(recipient, sender ?? ActorRefs.NoSender, lease);
        return task.ContinueWith(
            static (t, s) =>
            {
                var pipe = (PipeState)s!;
                pipe.Send(t.IsCompletedSuccessfully ? (object?)t.Result ?? Status.Success.Instance : Failure(t));
            },
            state,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>When <paramref name="task"/> completes, tells <paramref name="recipient"/>
    /// <see cref="Status.Success.Instance"/> or a <see cref="Status.Failure"/>.</summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null, InFlightLease? lease = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        var state = new PipeState(recipient, sender ?? ActorRefs.NoSender, lease);
        return task.ContinueWith(
            static (t, s) => ((PipeState)s!).Send(t.IsCompletedSuccessfully ? Status.Success.Instance : Failure(t)),
            state,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Status.Failure Failure(Task task)
    {
        if (task.IsCanceled)
        {
            return new Status.Failure(new TaskCanceledException(task));
        }
        var error = task.Exception!;
        return new Status.Failure(error.InnerExceptions.Count == 1 ? error.InnerExceptions[0] : error);
    }

    private sealed class PipeState(IActorRef recipient, IActorRef sender, InFlightLease? lease)
    {
        public void Send(object message)
        {
            try
            {
                recipient.Tell(message, sender);
            }
            finally
            {
                lease?.Dispose();
            }
        }
    }
}
