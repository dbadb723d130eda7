using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Net;

/// <summary>Whether an <see cref="EndpointAddress"/> names a unix-domain socket or a TCP endpoint.</summary>
public enum EndpointKind
{
    /// <summary>A unix-domain stream socket on this host (<c>unix:/path</c> or <c>/path</c>).</summary>
    Unix,
    /// <summary>A TCP endpoint (<c>host:port</c>, <c>[v6]:port</c>).</summary>
    Tcp,
}

/// <summary>
/// The address of a backend daemon as written in configuration: <c>unix:/run/clamd.sock</c>,
/// a bare <c>/run/clamd.sock</c>, <c>127.0.0.1:3310</c>, <c>[::1]:3310</c> or <c>host:3310</c>.
/// Shared by every socket-speaking backend (clamd, spamd, rspamd…).
/// </summary>
public sealed record EndpointAddress
{
    private EndpointAddress(EndpointKind kind, string? path, string? host, int port)
    {
        Kind = kind;
        Path = path;
        Host = host;
        Port = port;
    }

    /// <summary>Unix or TCP.</summary>
    public EndpointKind Kind { get; }

    /// <summary>The socket's path when <see cref="Kind"/> is <see cref="EndpointKind.Unix"/>, else null.</summary>
    public string? Path { get; }

    /// <summary>The host (an IP literal without brackets, or a name) when <see cref="Kind"/> is TCP, else null.</summary>
    public string? Host { get; }

    /// <summary>The TCP port (1–65535); 0 for unix sockets.</summary>
    public int Port { get; }

    /// <summary>A unix-domain socket address.</summary>
    public static EndpointAddress Unix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new EndpointAddress(EndpointKind.Unix, path, null, 0);
    }

    /// <summary>A TCP address.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 1–65535.</exception>
    public static EndpointAddress Tcp(string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new EndpointAddress(EndpointKind.Tcp, null, host, port);
    }

    /// <summary>Parses an address; throws with the reason when it is malformed.</summary>
    /// <exception cref="FormatException">The text is not a valid address.</exception>
    public static EndpointAddress Parse(string text)
    {
        if (!TryParse(text, out var address, out var error)) throw new FormatException(error);
        return address;
    }

    /// <summary>Parses an address without throwing.</summary>
    /// <param name="text">The configured text.</param>
    /// <param name="address">The address when the text is valid.</param>
    /// <param name="error">Why the text is invalid, when it is.</param>
    /// <param name="defaultPort">The port used when a TCP address gives none; 0 makes the port mandatory.</param>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out EndpointAddress? address,
        [NotNullWhen(false)] out string? error,
        int defaultPort = 0)
    {
        address = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) { error = "an address is empty"; return false; }
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text[5..];
            if (path.Length == 0 || path[0] != '/') { error = $"'{text}': a unix socket path must be absolute"; return false; }
            address = Unix(path);
            error = null;
            return true;
        }
        if (text[0] == '/') { address = Unix(text); error = null; return true; }

        string host;
        string? portText;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0) { error = $"'{text}': '[' without ']'"; return false; }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length == 0) portText = null;
            else if (rest[0] == ':') portText = rest[1..];
            else { error = $"'{text}': expected ':port' after ']'"; return false; }
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{text}': '{host}' is not an IPv6 address"; return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') != colon)
            {
                error = $"'{text}': write an IPv6 address as [address]:port"; return false;
            }
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
        }
        if (host.Length == 0) { error = $"'{text}': the host is empty"; return false; }

        int port;
        if (portText is null)
        {
            if (defaultPort == 0) { error = $"'{text}': a TCP address needs a port (host:port)"; return false; }
            port = defaultPort;
        }
        else if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            error = $"'{text}': the port must be a number from 1 to 65535"; return false;
        }
        address = Tcp(host, port);
        error = null;
        return true;
    }

    /// <summary>The endpoint to connect to: a <see cref="UnixDomainSocketEndPoint"/>, an
    /// <see cref="IPEndPoint"/> for IP literals, or a <see cref="DnsEndPoint"/> for names.</summary>
    public EndPoint ToEndPoint() => Kind switch
    {
        EndpointKind.Unix => new UnixDomainSocketEndPoint(Path!),
        _ => IPAddress.TryParse(Host, out var ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(Host!, Port),
    };

    /// <summary>Opens a stream socket to this address (TCP with Nagle off). A host name (not an IP
    /// literal) is resolved by the operating system's resolver: configure IP literals where the
    /// system resolver must not be used.</summary>
    /// <exception cref="SocketException">The connection was refused or failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    public async ValueTask<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var endPoint = ToEndPoint();
        var socket = Kind == EndpointKind.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetworkV6 : endPoint.AddressFamily,
                SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Kind == EndpointKind.Tcp)
            {
                socket.NoDelay = true;
                if (socket.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
            }
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The canonical text: <c>unix:/path</c>, <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public override string ToString() => Kind switch
    {
        EndpointKind.Unix => "unix:" + Path,
        _ when Host!.Contains(':') => $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}",
        _ => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}",
    };
}
