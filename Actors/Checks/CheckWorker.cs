using Sift.Actors.Kernel;

namespace Sift.Actors.Checks;

/// <summary>
/// The generic check actor: runs each <see cref="CheckRequest"/> through its kind's
/// <see cref="CheckExecutor"/> and answers with the raw result. Many checks run at once on one
/// worker; the pool's in-flight bound limits how many. An executor that throws fails the
/// check, not the actor.
/// </summary>
public sealed class CheckWorker : CheckActorBase
{
    /// <summary>Creates a worker around <paramref name="executor"/>.</summary>
    public CheckWorker(CheckExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        Receive<CheckRequest>(request =>
        {
            if (request.Cancellation.IsCancellationRequested)
            {
                Fail(request, new OperationCanceledException(request.Cancellation));
                return;
            }
            ValueTask<object?> work;
            try
            {
                work = executor(request.Parameters, request.Cancellation);
            }
            catch (Exception e)
            {
                Fail(request, e);
                return;
            }
            Complete(request, work);
        });
    }

    /// <summary>Props for workers that each get an executor from <paramref name="executorFactory"/>
    /// (called once per worker start and restart).</summary>
    public static Props Props(Func<CheckExecutor> executorFactory)
    {
        ArgumentNullException.ThrowIfNull(executorFactory);
        return Kernel.Props.Create(() => new CheckWorker(executorFactory()));
    }
}
