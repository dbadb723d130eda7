using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Sift.Actors.Kernel;
using Sift.Actors.Kernel.Routing;

namespace Sift.Benchmarks.Actors;

/// <summary>
/// A producer pushes <see cref="Messages"/> through 4 workers with at most 64 in flight, pacing
/// itself on completions (a semaphore). Actor: a RoundRobin pool, 16 in flight per routee.
/// Baseline: a bounded channel of 64 read by 4 consumer tasks. Neither side ever refuses.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class BoundedPoolBenchmarks
{
    private const int Messages = 100_000;
    private const int Workers = 4;
    private const int PerWorker = 16;
    private readonly Countdown _countdown = new();

    // The semaphore is released inside the handler, before the routee's slot is: one message per
    // routee may still hold its slot, so the producer keeps that many permits in reserve.
    private readonly SemaphoreSlim _permits = new(Workers * (PerWorker - 1));
    private ActorSystem _system = null!;
    private IActorRef _pool = null!;
    private Channel<Msg> _channel = null!;
    private Task[] _consumers = [];

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _pool = _system.ActorOf(Props.Create(() => new Worker(_permits, _countdown)).WithRouter(new RoundRobinPool(Workers, PerWorker)));
        _channel = System.Threading.Channels.Channel.CreateBounded<Msg>(new BoundedChannelOptions(Workers * PerWorker) { SingleWriter = true });
        _consumers = [.. Enumerable.Range(0, Workers).Select(_ => Task.Run(() => Consume(_channel.Reader)))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _channel.Writer.Complete();
        Task.WaitAll(_consumers);
        _system.TerminateAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        if (_system.Metrics.Overloaded != 0)
        {
            throw new InvalidOperationException($"The pool refused {_system.Metrics.Overloaded} messages: the benchmark's pacing is wrong.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public void Channel()
    {
        _countdown.Reset(Messages);
        for (var i = 0; i < Messages; i++)
        {
            _permits.Wait();
            if (!_channel.Writer.TryWrite(Msg.Instance))
            {
                throw new InvalidOperationException("bounded channel full despite pacing");
            }
        }
        _countdown.Wait();
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public void Actor()
    {
        _countdown.Reset(Messages);
        for (var i = 0; i < Messages; i++)
        {
            _permits.Wait();
            _pool.Tell(Msg.Instance, ActorRefs.NoSender);
        }
        _countdown.Wait();
    }

    private async Task Consume(ChannelReader<Msg> reader)
    {
        await foreach (var _ in reader.ReadAllAsync().ConfigureAwait(false))
        {
            _permits.Release();
            _countdown.Signal();
        }
    }

    private sealed class Worker : ActorBase
    {
        public Worker(SemaphoreSlim permits, Countdown countdown) => Receive<Msg>(_ =>
        {
            permits.Release();
            countdown.Signal();
        });
    }
}
