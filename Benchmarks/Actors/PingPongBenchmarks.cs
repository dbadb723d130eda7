using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Sift.Actors.Kernel;

namespace Sift.Benchmarks.Actors;

/// <summary>Round trips between two actors (each reply is a Tell to the sender). Baseline: two tasks
/// bouncing a message over two unbounded channels.</summary>
[Config(typeof(KernelBenchmarkConfig))]
public class PingPongBenchmarks
{
    private const int RoundTrips = 50_000;
    private ActorSystem _system = null!;
    private IActorRef _pinger = null!;
    private readonly ManualResetEventSlim _done = new();

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        var ponger = _system.ActorOf(Props.Create(() => new Ponger()));
        _pinger = _system.ActorOf(Props.Create(() => new Pinger(ponger, _done)));
    }

    [GlobalCleanup]
    public void Cleanup() => _system.TerminateAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
    public void Channel()
    {
        var ping = System.Threading.Channels.Channel.CreateUnbounded<Msg>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pong = System.Threading.Channels.Channel.CreateUnbounded<Msg>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var ponger = Task.Run(async () =>
        {
            await foreach (var m in pong.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                ping.Writer.TryWrite(m);
            }
        });
        var pinger = Task.Run(async () =>
        {
            pong.Writer.TryWrite(Msg.Instance);
            var left = RoundTrips;
            await foreach (var m in ping.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (--left == 0)
                {
                    break;
                }
                pong.Writer.TryWrite(m);
            }
            pong.Writer.Complete();
        });
        Task.WaitAll(pinger, ponger);
    }

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public void Actor()
    {
        _done.Reset();
        _pinger.Tell(RoundTrips, ActorRefs.NoSender);
        if (!_done.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("ping-pong stuck");
        }
    }

    private sealed class Ponger : ActorBase
    {
        public Ponger() => Receive<Msg>(m => Sender.Tell(m));
    }

    private sealed class Pinger : ActorBase
    {
        private int _left;

        public Pinger(IActorRef ponger, ManualResetEventSlim done)
        {
            Receive<int>(n =>
            {
                _left = n;
                ponger.Tell(Msg.Instance);
            });
            Receive<Msg>(m =>
            {
                if (--_left == 0)
                {
                    done.Set();
                }
                else
                {
                    Sender.Tell(m);
                }
            });
        }
    }
}
