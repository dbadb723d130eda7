using System.Diagnostics;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Tests.Protocols.Spamc;

/// <summary>The SPAMC client against daemons that misbehave in ways real spamd will not on demand.</summary>
public sealed class SpamcFaultTests
{
    private static SpamcClient ClientFor(ScriptedTcpDaemon daemon, TimeSpan? timeout = null) =>
        new(new SpamcClientOptions { EndPoint = daemon.EndPoint, Timeout = timeout ?? TimeSpan.FromSeconds(5) });

    [Fact]
    public async Task A_daemon_that_stalls_after_accepting_trips_the_timeout()
    {
        await using var daemon = ScriptedTcpDaemon.Stalling();
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TimeoutException>(
            () => ClientFor(daemon, TimeSpan.FromMilliseconds(300)).CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Contains("CHECK", e.Message);
    }

    [Fact]
    public async Task Cancelling_the_caller_token_cancels_rather_than_timing_out()
    {
        await using var daemon = ScriptedTcpDaemon.Stalling();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ClientFor(daemon, TimeSpan.FromSeconds(30)).CheckAsync(TestMessages.AsStream(TestMessages.Plain()), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_the_body_is_a_lost_connection()
    {
        await using var daemon = ScriptedTcpDaemon.ResettingAfter(
            "SPAMD/1.1 0 EX_OK\r\nContent-length: 500\r\nSpam: True ; 9.0 / 5.0\r\n\r\nGTUBE,MISS");
        var e = await Assert.ThrowsAsync<SpamcProtocolException>(
            () => ClientFor(daemon).SymbolsAsync(TestMessages.AsStream(TestMessages.Gtube())));
        Assert.Equal(SpamcProtocolError.ConnectionLost, e.Error);
    }

    [Fact]
    public async Task A_close_before_any_answer_is_a_lost_connection()
    {
        await AssertProtocolErrorAsync("", SpamcProtocolError.ConnectionLost, c => c.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n")]
    [InlineData("SPAMD/1.1 zero EX_OK\r\n\r\n")]
    [InlineData("SPAMD/one 0 EX_OK\r\n\r\n")]
    [InlineData("\u0000\u0001\u0002garbage\r\n\r\n")]
    public async Task A_bad_status_line_is_a_protocol_error(string answer)
    {
        await AssertProtocolErrorAsync(answer, SpamcProtocolError.BadStatusLine, c => c.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
    }

    [Fact]
    public async Task A_malformed_spam_header_is_a_protocol_error()
    {
        await AssertProtocolErrorAsync("SPAMD/1.1 0 EX_OK\r\nSpam: Maybe ; lots / 5\r\n\r\n", SpamcProtocolError.BadHeader, c => c.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
    }

    [Fact]
    public async Task An_answer_without_a_spam_header_is_missing_a_field()
    {
        await AssertProtocolErrorAsync("SPAMD/1.1 0 EX_OK\r\n\r\n", SpamcProtocolError.MissingField, c => c.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
    }

    [Fact]
    public async Task An_endless_head_is_refused_as_too_large()
    {
        var endless = "SPAMD/1.1 0 EX_OK\r\n" + string.Concat(Enumerable.Repeat("X-Filler: 0123456789012345678901234567890123456789\r\n", 400));
        await AssertProtocolErrorAsync(endless, SpamcProtocolError.TooLarge, c => c.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
    }

    [Fact]
    public async Task A_report_longer_than_the_limit_is_refused()
    {
        await AssertProtocolErrorAsync("SPAMD/1.1 0 EX_OK\r\nContent-length: 99999999\r\nSpam: True ; 9.0 / 5.0\r\n\r\nx", SpamcProtocolError.TooLarge, c => c.ReportAsync(TestMessages.AsStream(TestMessages.Plain())));
    }

    private static async Task AssertProtocolErrorAsync(string answer, SpamcProtocolError expected, Func<SpamcClient, Task> call)
    {
        await using var daemon = ScriptedTcpDaemon.Answering(answer);
        var e = await Assert.ThrowsAsync<SpamcProtocolException>(() => call(ClientFor(daemon)));
        Assert.Equal(expected, e.Error);
    }
}
