using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sift.Actors.TestKit;

/// <summary>One captured log line.</summary>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger category.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception);

/// <summary>Keeps every log line in memory so a test can assert that an error was (or was not) logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Called for each entry as it is logged (e.g. to echo it to the test output).</summary>
    public Action<LogEntry>? OnLogged { get; set; }

    /// <summary>Everything logged so far, in order.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        OnLogged?.Invoke(entry);
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception));
    }
}

/// <summary>A minimal <see cref="ILoggerFactory"/> over a set of providers (the TestKit needs no logging package).</summary>
public sealed class TestLoggerFactory(params ILoggerProvider[] providers) : ILoggerFactory
{
    private readonly List<ILoggerProvider> _providers = [.. providers];

    /// <inheritdoc/>
    public void AddProvider(ILoggerProvider provider)
    {
        lock (_providers)
        {
            _providers.Add(provider);
        }
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName)
    {
        lock (_providers)
        {
            return new FanOut([.. _providers.Select(p => p.CreateLogger(categoryName))]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class FanOut(ILogger[] loggers) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => loggers.Any(l => l.IsEnabled(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            foreach (var logger in loggers)
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
