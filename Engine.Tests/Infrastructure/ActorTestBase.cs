using Microsoft.Extensions.Logging;
using Sift.Actors.TestKit;
using Xunit.Abstractions;

namespace Sift.Engine.Tests.Infrastructure;

/// <summary>
/// Base class of actor tests: a fresh system per test on a <see cref="VirtualTimeProvider"/>,
/// with captured logs (echoed to the test output when one is given), torn down after the test.
/// </summary>
public abstract class ActorTestBase : ActorTestKit, IDisposable
{
    /// <summary>Creates the system; <paramref name="output"/> receives its log lines.</summary>
    protected ActorTestBase(ITestOutputHelper? output = null, int throughput = 30)
        : base("test", throughput)
    {
        if (output is not null)
        {
            Logs.OnLogged = entry =>
            {
                try
                {
                    output.WriteLine($"{entry.Level} {entry.Category}[{entry.EventId.Id}] {entry.Message} {entry.Exception}");
                }
                catch (InvalidOperationException)
                {
                    // The test has finished; its output is closed.
                }
            };
        }
    }

    /// <summary>Terminates the system (bounded).</summary>
    public void Dispose()
    {
        Shutdown();
        GC.SuppressFinalize(this);
    }

    /// <summary>Asserts that an Error (or worse) mentioning <paramref name="text"/> was logged.</summary>
    protected LogEntry ExpectErrorLogged(string text) =>
        ExpectLogged(LogLevel.Error, e => e.Message.Contains(text, StringComparison.Ordinal) || e.Exception?.Message.Contains(text, StringComparison.Ordinal) == true);
}
