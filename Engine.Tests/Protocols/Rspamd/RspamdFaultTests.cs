using System.Diagnostics;
using Sift.Engine.Tests.Fakes;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Rspamd;

namespace Sift.Engine.Tests.Protocols.Rspamd;

/// <summary>The rspamd client against HTTP daemons that misbehave in ways real rspamd will not on demand.</summary>
public sealed class RspamdFaultTests
{
    private const string ValidJson = """{"score":1.5,"required_score":15.0,"action":"no action","symbols":{}}""";

    private static RspamdClient ClientFor(ScriptedTcpDaemon daemon, TimeSpan? timeout = null) => new(new RspamdClientOptions
    {
        Address = "http://" + daemon.HostPort,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
    });

    private static string Http(string status, string body, bool keepAlive = false) =>
        $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n" +
        (keepAlive ? "" : "Connection: close\r\n") + "\r\n" + body;

    [Fact]
    public async Task A_daemon_that_stalls_after_accepting_trips_the_timeout()
    {
        await using var daemon = ScriptedTcpDaemon.Stalling();
        using var client = ClientFor(daemon, TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancelling_the_caller_token_cancels_rather_than_timing_out()
    {
        await using var daemon = ScriptedTcpDaemon.Stalling();
        using var client = ClientFor(daemon, TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain()), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_the_body_is_a_lost_connection()
    {
        var answer = Http("200 OK", ValidJson);
        await using var daemon = ScriptedTcpDaemon.ResettingAfter(answer[..(answer.Length - 20)]);
        using var client = ClientFor(daemon);
        var e = await Assert.ThrowsAsync<RspamdProtocolException>(() => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.Equal(RspamdProtocolError.ConnectionLost, e.Error);
    }

    [Theory]
    [InlineData("SPAMD/1.1 0 EX_OK\r\n\r\n")]
    [InlineData("garbage garbage\r\n\r\n")]
    public async Task A_bad_status_line_is_a_bad_answer(string answer)
    {
        await using var daemon = ScriptedTcpDaemon.Answering(answer);
        using var client = ClientFor(daemon);
        var e = await Assert.ThrowsAsync<RspamdProtocolException>(() => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.Equal(RspamdProtocolError.BadAnswer, e.Error);
    }

    [Theory]
    [InlineData("{\"score\": 1.5, \"action\": ")]
    [InlineData("<html>oops</html>")]
    [InlineData("{\"required_score\": 15}")]
    [InlineData("[1,2,3]")]
    public async Task Invalid_json_is_a_bad_answer(string body)
    {
        await using var daemon = ScriptedTcpDaemon.Answering(Http("200 OK", body));
        using var client = ClientFor(daemon);
        var e = await Assert.ThrowsAsync<RspamdProtocolException>(() => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.Equal(RspamdProtocolError.BadAnswer, e.Error);
    }

    [Fact]
    public async Task An_error_status_carries_rspamds_error_text()
    {
        await using var daemon = ScriptedTcpDaemon.Answering(Http("503 Decompression error", """{"error":"Decompression error: bad frame"}"""));
        using var client = ClientFor(daemon);
        var e = await Assert.ThrowsAsync<RspamdCommandException>(() => client.CheckAsync(TestMessages.AsStream(TestMessages.Plain())));
        Assert.Equal(503, e.StatusCode);
        Assert.Equal("Decompression error: bad frame", e.RspamdError);
    }

    [Fact]
    public async Task Keep_alive_connections_are_reused_from_the_pool()
    {
        await using var daemon = new ScriptedTcpDaemon(async (socket, stop) =>
        {
            while (await ScriptedTcpDaemon.ReadRequestAsync(socket, stop) is { Length: > 0 })
                await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(Http("200 OK", ValidJson, keepAlive: true)), System.Net.Sockets.SocketFlags.None, stop);
        });
        using var client = ClientFor(daemon);
        for (var i = 0; i < 10; i++)
        {
            var result = await client.CheckAsync(TestMessages.AsStream(TestMessages.Plain(i)));
            Assert.Equal(1.5, result.Score);
        }
        Assert.Equal(1, daemon.Accepted);
    }
}
