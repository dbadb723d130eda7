using System.Net;
using System.Net.Sockets;
using Sift.Engine.Tests.Infrastructure;
using Sift.Protocols.Milter;

namespace Sift.Engine.Tests.Protocols.Milter;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class MilterListenerTests
{
    [Theory]
    [InlineData("inet:8890", "127.0.0.1:8890")]
    [InlineData("inet:8890@127.0.0.2", "127.0.0.2:8890")]
    [InlineData("inet:25@localhost", "127.0.0.1:25")]
    [InlineData("inet6:8890", "[::1]:8890")]
    [InlineData("inet6:8890@::1", "[::1]:8890")]
    [InlineData("inet6:8890@[::1]", "[::1]:8890")]
    public void Inet_descriptors_bind_to_loopback_unless_a_host_is_given(string descriptor, string endPoint)
    {
        Assert.Equal(IPEndPoint.Parse(endPoint), MilterListenerAddress.Parse(descriptor).EndPoint);
    }

    [Theory]
    [InlineData("tcp:8890")]
    [InlineData("inet:http@127.0.0.1")]
    [InlineData("inet:8890@mail.example.com")]
    [InlineData("inet6:8890@127.0.0.1")]
    [InlineData("local:relative/path")]
    [InlineData("8890")]
    public void Bad_descriptors_fail_with_a_format_error(string descriptor)
    {
        Assert.Throws<FormatException>(() => MilterListenerAddress.Parse(descriptor));
    }

    [Fact]
    public async Task A_local_socket_replaces_a_stale_socket_file_and_gets_its_mode()
    {
        using var dir = TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "milter.sock");
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // .NET unlinks the path it bound on dispose; moving the socket file away first leaves
            // it behind like a crashed server would.
            var bound = Path.Combine(dir.Path, "bound.sock");
            stale.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }
        Assert.True(File.Exists(path) || Path.Exists(path), "the stale socket file should be left behind");

        await using (var server = await ExampleMilter.StartAsync(o =>
        {
            o.Listen = "local:" + path;
            o.SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            using var connection = await RawMilterConnection.ConnectAsync(new UnixDomainSocketEndPoint(path));
            await connection.NegotiateAsync();
            var helo = RawMilterConnection.Packets(w => w.WriteStrings((byte)MilterCommand.Helo, "local.example"));
            Assert.Equal('c', await connection.CommandAsync(helo));

            // A second server on the same live socket refuses to steal it.
            var second = new MilterServer(() => new ExampleMilter(), new MilterServerOptions { Listen = "local:" + path });
            await Assert.ThrowsAsync<IOException>(() => second.StartAsync());
        }
        Assert.False(Path.Exists(path), "the socket file is removed on stop");
    }

    [Fact]
    public async Task A_local_path_that_is_a_regular_file_is_never_deleted()
    {
        using var dir = TestEnv.NewTempDir();
        var path = Path.Combine(dir.Path, "not-a-socket");
        await File.WriteAllTextAsync(path, "precious");
        var server = new MilterServer(() => new ExampleMilter(), new MilterServerOptions { Listen = "local:" + path });
        var e = await Assert.ThrowsAsync<IOException>(() => server.StartAsync());
        Assert.Contains("not a socket", e.Message);
        Assert.Equal("precious", await File.ReadAllTextAsync(path));
    }
}
