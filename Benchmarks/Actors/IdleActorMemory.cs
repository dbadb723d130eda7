using System.Threading.Channels;
using Sift.Actors.Kernel;

namespace Sift.Benchmarks.Actors;

/// <summary>
/// Load tool <c>actor-memory</c>: bytes retained per idle actor, measured with
/// <see cref="GC.GetTotalMemory(bool)"/> around creating 100,000 started actors (one typed handler
/// each), then again after each has handled one message (its mailbox buffer now exists). Baseline:
/// an unbounded channel with a consumer awaiting it, the smallest idle "mailbox + worker" of Channels.
/// Run: <c>dotnet run -c Release --project Benchmarks -- actor-memory [count]</c>.
/// </summary>
public static class IdleActorMemory
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var system = ActorSystem.Create("memory");
        var started = new Countdown();
        started.Reset(count);
        var props = Props.Create(() => new Idle(started));

        var before = Settle();
        var actors = new IActorRef[count];
        for (var i = 0; i < count; i++)
        {
            actors[i] = system.ActorOf(props);
        }
        started.Wait();
        var idle = (Settle() - before) / (double)count;

        var handled = new Countdown();
        handled.Reset(count);
        foreach (var actor in actors)
        {
            actor.Tell(handled, ActorRefs.NoSender);
        }
        handled.Wait();
        var afterOne = (Settle() - before) / (double)count;

        var channelsBefore = Settle();
        var channels = new Channel<object>[count];
        var consumers = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
            channels[i] = channel;
            consumers[i] = Consume(channel.Reader);
        }
        var channelIdle = (Settle() - channelsBefore) / (double)count;

        Console.WriteLine($"| idle actors | {count:N0} | {idle:F0} B/actor | after one message: {afterOne:F0} B/actor |");
        Console.WriteLine($"| idle channel + awaiting consumer | {count:N0} | {channelIdle:F0} B/consumer | ratio actor/channel: {idle / channelIdle:F2} |");

        GC.KeepAlive(actors);
        foreach (var channel in channels)
        {
            channel.Writer.Complete();
        }
        Task.WaitAll(consumers);
        system.TerminateAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return idle <= 512 ? 0 : 1;
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task Consume(ChannelReader<object> reader)
    {
        await foreach (var _ in reader.ReadAllAsync().ConfigureAwait(false))
        {
        }
    }

    private sealed class Idle : ActorBase
    {
        private readonly Countdown _started;

        public Idle(Countdown started)
        {
            _started = started;
            Receive<Countdown>(c => c.Signal());
        }

        protected override void PreStart() => _started.Signal();
    }
}
