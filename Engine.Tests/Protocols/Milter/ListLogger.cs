using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sift.Engine.Tests.Protocols.Milter;

/// <summary>Keeps formatted log lines so that a test can assert one was written.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)}");
}
