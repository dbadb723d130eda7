using System.Net.Sockets;

namespace Sift.Protocols.Milter;

/// <summary>
/// Binds the listening socket for a <see cref="MilterListenerAddress"/>. For a local socket, a
/// stale socket file (nobody accepts on it) is removed first; a live one, or a path that is not a
/// socket, is an error rather than something to delete.
/// </summary>
public static partial class MilterListener
{
    /// <summary>Creates, binds and starts listening.</summary>
    /// <exception cref="IOException">The local path is in use by a live server or is not a socket.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static Socket Bind(MilterListenerAddress address, UnixFileMode? socketMode, int backlog)
    {
        if (address.UnixPath is { } path)
        {
            RemoveStaleSocket(path);
        }
        var socket = address.UnixPath is null
            ? new Socket(address.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (address.UnixPath is null)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }
            socket.Bind(address.EndPoint);
            if (address.UnixPath is { } bound && socketMode is { } mode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(bound, mode);
            }
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Removes <paramref name="path"/> when it is a socket nobody listens on.</summary>
    /// <exception cref="IOException">The path is not a socket, or a server answers on it.</exception>
    public static void RemoveStaleSocket(string path)
    {
        var kind = FileKind(path);
        if (kind == 0)
        {
            return;
        }
        if (kind != SocketKind)
        {
            throw new IOException($"Milter listener: '{path}' exists and is not a socket; not removing it.");
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            File.Delete(path);
            return;
        }
        throw new IOException($"Milter listener: '{path}' is in use by a running server.");
    }

    private const uint SocketKind = 0xC000; // S_IFSOCK
    private const uint KindMask = 0xF000;   // S_IFMT

    /// <summary>The S_IFMT bits of <c>lstat(path)</c>, or 0 when the path does not exist.</summary>
    private static unsafe uint FileKind(string path)
    {
        // .NET exposes no file type beyond file/directory/link, so ask lstat. st_mode sits at
        // byte 24 of struct stat on x86-64 and at byte 16 on arm64.
        var offset = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => 24,
            System.Runtime.InteropServices.Architecture.Arm64 => 16,
            _ => throw new PlatformNotSupportedException("local: milter sockets need x64 or arm64 Linux."),
        };
        var buffer = stackalloc byte[512];
        if (LStat(path, buffer) != 0)
        {
            return 0;
        }
        return *(uint*)(buffer + offset) & KindMask;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "lstat",
        StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static unsafe partial int LStat(string path, byte* buffer);
}
