using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Sift.Actors.Kernel;

namespace Sift.Benchmarks.Actors;

/// <summary>Start <see cref="Count"/> actors, stop them all and wait until every PostStop ran.
/// Baseline: start as many channel consumer tasks, complete their channels and wait for them.</summary>
[Config(typeof(KernelBenchmarkConfig))]
public class SpawnStopBenchmarks
{
    private const int Count = 10_000;
    private readonly Countdown _countdown = new();
    private ActorSystem _system = null!;

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench");

    [GlobalCleanup]
    public void Cleanup() => _system.TerminateAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public void Channel()
    {
        _countdown.Reset(Count);
        var channels = new Channel<Msg>[Count];
        for (var i = 0; i < Count; i++)
        {
            var channel = System.Threading.Channels.Channel.CreateUnbounded<Msg>(new UnboundedChannelOptions { SingleReader = true });
            channels[i] = channel;
            _ = Consume(channel.Reader, _countdown);
        }
        foreach (var channel in channels)
        {
            channel.Writer.Complete();
        }
        _countdown.Wait();
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void Actor()
    {
        _countdown.Reset(Count);
        var props = Props.Create(() => new Stoppable(_countdown));
        var actors = new IActorRef[Count];
        for (var i = 0; i < Count; i++)
        {
            actors[i] = _system.ActorOf(props);
        }
        foreach (var actor in actors)
        {
            _system.Stop(actor);
        }
        _countdown.Wait();
    }

    private static async Task Consume(ChannelReader<Msg> reader, Countdown countdown)
    {
        await foreach (var _ in reader.ReadAllAsync().ConfigureAwait(false))
        {
        }
        countdown.Signal();
    }

    private sealed class Stoppable : ActorBase
    {
        private readonly Countdown _countdown;

        public Stoppable(Countdown countdown)
        {
            _countdown = countdown;
            Receive<Msg>(_ => { });
        }

        protected override void PostStop() => _countdown.Signal();
    }
}
