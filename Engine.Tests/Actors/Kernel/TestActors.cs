using Sift.Actors.Kernel;

namespace Sift.Engine.Tests.Actors.Kernel;

/// <summary>Messages and actors shared by the kernel tests.</summary>
internal static class TestActors
{
    public sealed record Fail(string Reason);

    public sealed record Echo(object Payload);

    public sealed record GetState;

    public sealed record Block(ManualResetEventSlim Gate);

    public sealed record Hook(string Name, IActorRef Actor);

    public sealed record Spawn(string? Name, Props Props);

    /// <summary>Counts messages; echoes; fails on demand; reports lifecycle hooks to a probe.</summary>
    public sealed class Worker : ActorBase
    {
        private int _count;

        public Worker(IActorRef? hooks = null)
        {
            Hooks = hooks;
            Receive<Fail>(f => throw new InvalidOperationException(f.Reason));
            Receive<GetState>(_ => Sender.Tell(_count));
            Receive<Block>(b => b.Gate.Wait(TimeSpan.FromSeconds(10)));
            Receive<Spawn>(s => Sender.Tell(Context.ActorOf(s.Props, s.Name)));
            Receive<Echo>(e =>
            {
                _count++;
                Sender.Tell(e.Payload);
            });
            ReceiveAny(m =>
            {
                _count++;
                Sender.Tell(m);
            });
        }

        private IActorRef? Hooks { get; }

        protected override void PreStart() => Hooks?.Tell(new Hook("PreStart", Self));

        protected override void PostStop() => Hooks?.Tell(new Hook("PostStop", Self));

        protected override void PreRestart(Exception reason, object? message)
        {
            Hooks?.Tell(new Hook("PreRestart", Self));
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            Hooks?.Tell(new Hook("PostRestart", Self));
            base.PostRestart(reason);
        }
    }

    /// <summary>A parent with a given strategy that creates children on request.</summary>
    public sealed class Supervisor : ActorBase
    {
        private readonly SupervisorStrategy _strategy;

        public Supervisor(SupervisorStrategy strategy)
        {
            _strategy = strategy;
            Receive<Spawn>(s => Sender.Tell(Context.ActorOf(s.Props, s.Name)));
            Receive<Fail>(f => throw new InvalidOperationException(f.Reason));
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }
}
