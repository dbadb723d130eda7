using System.Net;
using System.Net.Sockets;

namespace Sift.Engine.Tests.Infrastructure;

/// <summary>Loopback ports for tests of failure paths.</summary>
public static class TestPorts
{
    /// <summary><c>127.0.0.1:port</c> where nothing listens (a port just bound and released).</summary>
    public static string ClosedLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return $"127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
    }
}
