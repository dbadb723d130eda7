using System.Threading.Tasks.Sources;
using Sift.Actors.Kernel;

namespace Sift.Engine.Milter;

/// <summary>
/// Where a <see cref="MilterSession"/> answers its connection's handler: one reusable reply address
/// per connection instead of an Ask per stage (the milter protocol is lock-step, so at most one
/// answer is awaited at a time). The answer completes the handler's await on the session's own turn,
/// without a hop through the thread pool, a timer or an allocation: the reply to the MTA is written
/// at once. No timer is needed: the engine's global timeout bounds every batch, and a session that
/// stops or restarts answers what it owes first (<see cref="MilterSession"/>).
/// </summary>
internal sealed class StageReply : IActorRef, IValueTaskSource<StageOutcome>
{
    private ManualResetValueTaskSourceCore<StageOutcome> _core;
    private int _pending;

    public string Path => "sift://gateway/temp/stage-reply";

    /// <summary>Arms the reply for the next answer; the returned task completes with it.</summary>
    public ValueTask<StageOutcome> Next()
    {
        _core.Reset();
        Volatile.Write(ref _pending, 1);
        return new ValueTask<StageOutcome>(this, _core.Version);
    }

    /// <summary>
    /// True while the handler still waits for an answer: false once it was given, or once the
    /// connection closed (or the server answered tempfail at the end of its grace period).
    /// </summary>
    public bool Awaiting => Volatile.Read(ref _pending) == 1;

    /// <summary>The session's answer (a <see cref="StageOutcome"/>); anything else, or a second answer, is dropped.</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        if (message is StageOutcome outcome && Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _core.SetResult(outcome);
        }
    }

    /// <summary>The connection closed while an answer was awaited.</summary>
    public void Cancel(CancellationToken token)
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _core.SetException(new OperationCanceledException(token));
        }
    }

    StageOutcome IValueTaskSource<StageOutcome>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<StageOutcome>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<StageOutcome>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
