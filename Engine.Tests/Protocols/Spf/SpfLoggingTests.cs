using System.Net;
using Microsoft.Extensions.Logging;
using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Spf;

namespace Sift.Engine.Tests.Protocols.Spf;

public class SpfLoggingTests
{
    [Fact]
    public async Task Errors_are_logged_at_debug_with_the_problem_and_passes_are_not()
    {
        var log = new ListLogger();
        var dns = new InMemorySpfResolver().Txt("bad.example", "v=spf1 nonsense").Txt("ok.example", "v=spf1 +all")
            .Failing("_dmarc.t.example", DnsLookupStatus.Timeout);
        var evaluator = new SpfEvaluator(dns, logger: log);
        await evaluator.CheckHostAsync(IPAddress.Parse("192.0.2.1"), "ok.example", "a@ok.example");
        Assert.Empty(log.Lines);

        await evaluator.CheckHostAsync(IPAddress.Parse("192.0.2.1"), "bad.example", "a@bad.example");
        var (level, id, text) = Assert.Single(log.Lines);
        Assert.Equal((LogLevel.Debug, 7201), (level, id));
        Assert.Contains("permerror for bad.example from 192.0.2.1: syntax error", text);

        await new DmarcDiscovery(dns, PublicSuffixList.Embedded(), log).DiscoverAsync("t.example");
        Assert.Equal((LogLevel.Debug, 7251), (log.Lines[1].Level, log.Lines[1].Id));
        Assert.Contains("TempError", log.Lines[1].Text);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, int Id, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Lines.Add((logLevel, eventId.Id, formatter(state, exception)));
    }
}
