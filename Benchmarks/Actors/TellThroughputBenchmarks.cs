using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Sift.Actors.Kernel;

namespace Sift.Benchmarks.Actors;

/// <summary>
/// Tell throughput: <see cref="Pairs"/> producer threads each send their share of <see cref="Messages"/> to their own
/// consumer (1→1 when Pairs = 1, N→N otherwise). Baseline: an unbounded single-reader Channel per
/// pair with a consumer task doing the same countdown.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class TellThroughputBenchmarks
{
    private const int Messages = 200_000;
    private readonly Countdown _countdown = new();
    private ActorSystem _system = null!;
    private IActorRef[] _actors = [];
    private Channel<Msg>[] _channels = [];
    private Task[] _consumers = [];

    [Params(1, 4)]
    public int Pairs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _actors = [.. Enumerable.Range(0, Pairs).Select(_ => _system.ActorOf(Props.Create(() => new CountingActor(_countdown))))];
        _channels = [.. Enumerable.Range(0, Pairs).Select(_ => System.Threading.Channels.Channel.CreateUnbounded<Msg>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))];
        _consumers = [.. _channels.Select(c => Task.Run(() => Consume(c.Reader, _countdown)))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var c in _channels)
        {
            c.Writer.Complete();
        }
        Task.WaitAll(_consumers);
        _system.TerminateAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public void Channel()
    {
        _countdown.Reset(Messages);
        var producers = new Task[Pairs];
        for (var p = 0; p < Pairs; p++)
        {
            var writer = _channels[p].Writer;
            producers[p] = Task.Run(() =>
            {
                for (var i = 0; i < Messages / Pairs; i++)
                {
                    writer.TryWrite(Msg.Instance);
                }
            });
        }
        Task.WaitAll(producers);
        _countdown.Wait();
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public void Actor()
    {
        _countdown.Reset(Messages);
        var producers = new Task[Pairs];
        for (var p = 0; p < Pairs; p++)
        {
            var actor = _actors[p];
            producers[p] = Task.Run(() =>
            {
                for (var i = 0; i < Messages / Pairs; i++)
                {
                    actor.Tell(Msg.Instance, ActorRefs.NoSender);
                }
            });
        }
        Task.WaitAll(producers);
        _countdown.Wait();
    }

    private static async Task Consume(ChannelReader<Msg> reader, Countdown countdown)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out _))
            {
                countdown.Signal();
            }
        }
    }

    private sealed class CountingActor : ActorBase
    {
        public CountingActor(Countdown countdown) => Receive<Msg>(_ => countdown.Signal());
    }
}
