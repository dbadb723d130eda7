using Sift.Actors.Kernel;
using Sift.Actors.Kernel.Routing;
using Sift.Engine.Checks;

namespace Sift.Engine.Execution;

/// <summary>
/// Parent of the check pools: one pool per registered kind, each a smallest-in-flight router
/// over <see cref="CheckKind.PoolSize"/> check actors with bounded mailboxes and a bound on
/// checks in flight per actor. A check actor that throws is restarted by its pool (the request
/// it was handling is answered with the error); a pool that fails is restarted here.
/// </summary>
internal sealed class CheckSupervisor : ActorBase
{
    public CheckSupervisor()
    {
        Receive<CreatePool>(m =>
        {
            var kind = m.Kind;
            var props = kind.WorkerProps
                .WithMailbox(kind.MaxInFlightPerWorker)
                .WithRouter(new SmallestMailboxPool(kind.PoolSize, kind.MaxInFlightPerWorker));
            try
            {
                Sender.Tell(new PoolCreated(Context.ActorOf(props, PoolName(kind.Name))));
            }
            catch (InvalidActorNameException e)
            {
                // Two kind names that differ only in characters an actor name cannot hold.
                Sender.Tell(new Status.Failure(e));
            }
        });
    }

    /// <summary>An actor name for the kind's pool (names may not contain '/', '#', '?' or spaces).</summary>
    private static string PoolName(string kind)
    {
        Span<char> name = stackalloc char[Math.Min(kind.Length, 64)];
        for (var i = 0; i < name.Length; i++)
        {
            var c = kind[i];
            name[i] = c is '/' or '#' or '?' or ' ' or '$' ? '_' : c;
        }
        return "pool-" + name.ToString();
    }
}

/// <summary>Asks the supervisor for a kind's pool.</summary>
internal sealed record CreatePool(CheckKind Kind);

/// <summary>The pool created for a kind.</summary>
internal sealed record PoolCreated(IActorRef Pool);
