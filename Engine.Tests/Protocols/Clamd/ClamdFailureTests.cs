using System.Diagnostics;
using Sift.Engine.Tests.Fakes;
using Sift.Protocols.Clamd;
using Sift.Protocols.Net;

namespace Sift.Engine.Tests.Protocols.Clamd;

/// <summary>What the client does when clamd is absent or misbehaves (in-process fakes).</summary>
public sealed class ClamdFailureTests
{
    private static ClamdClient Client(EndpointAddress address, int timeoutMs = 500)
        => new(new ClamdClientOptions { Address = address, Timeout = TimeSpan.FromMilliseconds(timeoutMs) });

    [Fact]
    public async Task A_daemon_that_accepts_and_stalls_makes_the_operation_time_out()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.Stall);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(
            () => Client(fake.Address, 300).ScanStreamAsync(new MemoryStream(ClamdTestData.EicarBytes)));
        Assert.Equal(ClamdFailure.TimedOut, e.Failure);
        Assert.InRange(watch.ElapsedMilliseconds, 250, 5000);
    }

    [Fact]
    public async Task A_stalled_ping_times_out_too()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.Stall);
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(() => Client(fake.Address, 200).PingAsync());
        Assert.Equal(ClamdFailure.TimedOut, e.Failure);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_a_cancellation_not_a_timeout()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.Stall);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Client(fake.Address, 10_000).ScanStreamAsync(new MemoryStream(ClamdTestData.EicarBytes), cts.Token));
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_a_stream_is_a_lost_connection()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.ResetMidStream);
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(
            () => Client(fake.Address, 5000).ScanStreamAsync(new GeneratedStream(8 * 1024 * 1024)));
        Assert.Equal(ClamdFailure.ConnectionLost, e.Failure);
    }

    [Fact]
    public async Task A_garbage_answer_is_a_malformed_reply()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.Garbage);
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(
            () => Client(fake.Address, 5000).ScanStreamAsync(new MemoryStream(ClamdTestData.EicarBytes)));
        Assert.Equal(ClamdFailure.MalformedReply, e.Failure);
        Assert.Contains("HELLO I AM NOT CLAMD", e.Message);
        Assert.DoesNotContain("\u0001", e.Message);
    }

    [Fact]
    public async Task A_garbage_answer_to_ping_is_a_malformed_reply()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.Garbage);
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(() => Client(fake.Address, 5000).PingAsync());
        Assert.Equal(ClamdFailure.MalformedReply, e.Failure);
    }

    [Fact]
    public async Task A_reply_without_end_is_cut_at_the_bound()
    {
        await using var fake = new FakeClamd(FakeClamd.Mode.Endless);
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(() => Client(fake.Address, 5000).VersionAsync());
        Assert.Equal(ClamdFailure.ReplyTooLong, e.Failure);
    }

    [Fact]
    public async Task A_missing_unix_socket_is_a_connect_failure()
    {
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(
            () => Client(EndpointAddress.Unix("/nonexistent/sift/clamd.sock")).PingAsync());
        Assert.Equal(ClamdFailure.ConnectFailed, e.Failure);
        Assert.Contains("unix:/nonexistent/sift/clamd.sock", e.Message);
    }

    [Fact]
    public async Task A_closed_tcp_port_is_a_connect_failure()
    {
        // Bind then release a port: nothing listens there afterwards.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var e = await Assert.ThrowsAsync<ClamdProtocolException>(() => Client(EndpointAddress.Tcp("127.0.0.1", port)).PingAsync());
        Assert.Equal(ClamdFailure.ConnectFailed, e.Failure);
    }
}
