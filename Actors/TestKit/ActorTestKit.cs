using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sift.Actors.Kernel;

namespace Sift.Actors.TestKit;

/// <summary>
/// A system for one test: virtual time (<see cref="Time"/>), captured logs (<see cref="Logs"/>),
/// a probe on the dead letters, and helpers to assert dead letters, logged errors and conditions.
/// Framework-neutral: failures throw <see cref="TestKitAssertionException"/>.
/// </summary>
public class ActorTestKit
{
    private readonly TestProbe _deadLetters;
    private int _probes;

    /// <summary>Creates the system.</summary>
    /// <param name="systemName">Name of the system.</param>
    /// <param name="throughput">Messages per actor turn.</param>
    public ActorTestKit(string systemName = "test", int throughput = 30)
    {
        Time = new VirtualTimeProvider();
        Logs = new CapturingLoggerProvider();
        LoggerFactory = new TestLoggerFactory(Logs);
        Sys = ActorSystem.Create(systemName, new ActorSystemOptions
        {
            TimeProvider = Time,
            LoggerFactory = LoggerFactory,
            Throughput = throughput,
        });
        _deadLetters = CreateTestProbe("deadLetters");
        Sys.EventStream.Subscribe<DeadLetter>(_deadLetters);
    }

    /// <summary>The system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The system's clock; advance it to fire timers and timeouts.</summary>
    public VirtualTimeProvider Time { get; }

    /// <summary>Every log line of the system.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>The factory given to the system (add providers to echo logs).</summary>
    public TestLoggerFactory LoggerFactory { get; }

    /// <summary>A new probe.</summary>
    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, name ?? $"probe{Interlocked.Increment(ref _probes)}");

    /// <summary>Skips dead letters until one carrying a <typeparamref name="T"/> (matching <paramref name="predicate"/>) is published.</summary>
    /// <exception cref="TestKitAssertionException">None in time.</exception>
    public DeadLetter ExpectDeadLetter<T>(Predicate<T>? predicate = null, TimeSpan? timeout = null) =>
        _deadLetters.FishForMessage<DeadLetter>(d => d.Message is T t && (predicate is null || predicate(t)), timeout);

    /// <summary>Waits (bounded) until a line at <paramref name="level"/> or above matching <paramref name="predicate"/> is logged.</summary>
    /// <exception cref="TestKitAssertionException">None in time.</exception>
    public LogEntry ExpectLogged(LogLevel level, Func<LogEntry, bool>? predicate = null, TimeSpan? timeout = null)
    {
        LogEntry? found = null;
        AwaitCondition(
            () => (found = Logs.Entries.FirstOrDefault(e => e.Level >= level && (predicate is null || predicate(e)))) is not null,
            timeout,
            $"a log line at {level} or above");
        return found!;
    }

    /// <summary>Asserts that nothing at Error or above was logged.</summary>
    /// <exception cref="TestKitAssertionException">Something was.</exception>
    public void ExpectNoErrorsLogged()
    {
        var errors = Logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        if (errors.Count > 0)
        {
            throw new TestKitAssertionException($"Expected no errors logged, got: {string.Join(" | ", errors.Select(e => e.Message + " " + e.Exception?.Message))}");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most <paramref name="timeout"/> (default 3 s, real time).</summary>
    /// <exception cref="TestKitAssertionException">It did not hold in time.</exception>
    public static void AwaitCondition(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? TimeSpan.FromSeconds(3);
        var start = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                throw new TestKitAssertionException($"Condition not met within {limit.TotalMilliseconds:0} ms: {what ?? "(condition)"}.");
            }
            if (spinner.NextSpinWillYield)
            {
                Thread.Sleep(1);
            }
            else
            {
                spinner.SpinOnce();
            }
        }
    }

    /// <summary>Terminates the system and asserts that it did so within <paramref name="timeout"/> (default 5 s, real time).</summary>
    /// <exception cref="TestKitAssertionException">It did not terminate in time.</exception>
    public void Shutdown(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(5);
        var terminating = Sys.TerminateAsync(TimeSpan.FromDays(1));
        if (!Sys.WhenTerminated.Wait(limit))
        {
            throw new TestKitAssertionException($"System {Sys.Name} did not terminate within {limit.TotalMilliseconds:0} ms.");
        }
        GC.KeepAlive(terminating);
    }
}
