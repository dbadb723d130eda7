namespace Sift.Actors.Kernel;

/// <summary>
/// Creation, failure, restart and stop. A failing actor suspends its mailbox (and its
/// children), keeps the failed message for PreRestart, and sends <see cref="Failed"/> to its
/// parent, whose supervisor strategy answers with Resume, Recreate or Terminate, or fails
/// the parent in turn (Escalate). The mailbox is kept across restarts.
/// </summary>
internal sealed partial class ActorCell
{
    private void CreateActor()
    {
        try
        {
            _actor = NewActor();
            _actor.AroundPreStart();
            _system.Metrics.OnActorStarted();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException(Self, e));
        }
    }

    /// <summary>The actor threw: suspend, and ask the parent what to do.</summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (IsTerminating)
        {
            _system.LogFailureWhileStopping(Self, cause);
            return;
        }
        if ((_flags & FailedFlag) != 0)
        {
            // Already waiting for a directive: the first failure decides.
            return;
        }
        _flags |= FailedFlag;
        _system.Metrics.OnFailure();
        Mailbox.Suspend();
        foreach (var child in LiveChildren())
        {
            child.SendSystemMessage(new Suspend());
        }
        _parent.SendSystemMessage(new Failed(Self, cause));
    }

    /// <summary>Parent side: a child failed; apply the supervisor strategy.</summary>
    private void HandleFailed(Failed failed)
    {
        if (failed.Child is not LocalActorRef child || !IsLiveChild(child))
        {
            // A child already asked to stop (or gone): its failure no longer matters.
            return;
        }
        var strategy = _actor?.SupervisorStrategyInternal() ?? _props.SupervisorStrategy ?? SupervisorStrategy.Default;
        strategy.HandleFailure(this, child, failed.Cause);
    }

    internal void ResumeChild(LocalActorRef child, Exception cause) => child.SendSystemMessage(new Resume(cause));

    internal void RestartChild(LocalActorRef child, Exception cause, bool suspendFirst)
    {
        if (suspendFirst)
        {
            child.SendSystemMessage(new Suspend());
        }
        child.SendSystemMessage(new Recreate(cause));
    }

    /// <summary>Escalate: this actor fails with its child's exception.</summary>
    internal void Escalate(Exception cause) => HandleInvokeFailure(cause);

    private void SuspendRecursively()
    {
        Mailbox.Suspend();
        foreach (var child in LiveChildren())
        {
            child.SendSystemMessage(new Suspend());
        }
    }

    private void FaultResume(Exception? cause)
    {
        if (IsTerminating)
        {
            return;
        }
        if (_actor is null && cause is not null)
        {
            // Creation failed: there is nothing to resume, so build the actor afresh.
            FaultRecreate(cause);
            return;
        }
        _flags &= ~FailedFlag;
        Mailbox.Resume();
        foreach (var child in LiveChildren())
        {
            child.SendSystemMessage(new Resume(null));
        }
    }

    private void FaultRecreate(Exception cause)
    {
        if (IsTerminating)
        {
            return;
        }
        var failed = _actor;
        if (failed is not null)
        {
            try
            {
                failed.AroundPreRestart(cause, _currentMessage);
            }
            catch (Exception e)
            {
                _system.LogHookFailure(Self, "PreRestart", e);
            }
        }
        _timers?.CancelAll();
        _actor = null;
        _currentMessage = null;
        if (HasChildrenToDie())
        {
            // Children stopped by PreRestart keep their names until they have terminated.
            Restarts.PendingRecreate = cause;
            return;
        }
        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        if (_restarts is not null)
        {
            _restarts.PendingRecreate = null;
        }
        try
        {
            _actor = NewActor();
            _actor.AroundPostRestart(cause);
        }
        catch (Exception e)
        {
            // Still failed and suspended: report again without suspending twice.
            _parent.SendSystemMessage(new Failed(Self, new ActorInitializationException(Self, e)));
            return;
        }
        _system.Metrics.OnRestart();
        _flags &= ~FailedFlag;
        Mailbox.Resume();
        foreach (var child in LiveChildren())
        {
            child.SendSystemMessage(new Resume(null));
        }
    }

    private void TerminateActor()
    {
        if (IsTerminating)
        {
            return;
        }
        _flags |= TerminatingFlag;
        _timers?.CancelAll();
        UnwatchAll();
        Mailbox.Suspend();
        var children = Children;
        if (children.Count == 0)
        {
            FinishTerminate();
            return;
        }
        foreach (var child in children)
        {
            StopChild((LocalActorRef)child);
        }
    }

    private void FinishTerminate()
    {
        if ((_flags & TerminatedFlag) != 0)
        {
            return;
        }
        _flags |= TerminatedFlag;
        var actor = _actor;
        try
        {
            actor?.AroundPostStop();
        }
        catch (Exception e)
        {
            _system.LogHookFailure(Self, "PostStop", e);
        }
        finally
        {
            _actor = null;
            _currentMessage = null;
            var (users, systems) = Mailbox.Close();
            foreach (var envelope in users)
            {
                envelope.Slot?.Release();
                _system.PublishDeadLetter(envelope.Message, envelope.Sender, Self);
            }
            for (var message = systems; message is not null;)
            {
                var next = message.Next;
                message.Next = null;
                SystemMessageToDeadActor(message);
                message = next;
            }
            _system.EventStream.UnsubscribeAll(Self);
            _system.Metrics.OnActorStopped();
            NotifyWatchers();
        }
    }
}
