using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Milter;

/// <summary>
/// A listener descriptor as sendmail and Sendmail::PMilter write it: <c>local:/path</c> or
/// <c>unix:/path</c>, <c>inet:port@host</c>, <c>inet6:port@host</c>. No host means loopback
/// (127.0.0.1 or ::1); <c>*</c> means every address. Hosts are IP literals or <c>localhost</c>:
/// the system resolver is never asked.
/// </summary>
/// <param name="EndPoint">Where to bind: an <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
/// <param name="UnixPath">The socket path for <c>local:</c>, else null.</param>
public sealed record MilterListenerAddress(EndPoint EndPoint, string? UnixPath)
{
    /// <summary>Parses a descriptor.</summary>
    /// <exception cref="FormatException">An unknown scheme, a bad port or a host that is not an address.</exception>
    public static MilterListenerAddress Parse(string descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var colon = descriptor.IndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"Milter listener '{descriptor}': expected local:/path, inet:port@host or inet6:port@host.");
        }
        var scheme = descriptor[..colon].ToLowerInvariant();
        var rest = descriptor[(colon + 1)..];
        switch (scheme)
        {
            case "local" or "unix":
                if (rest.Length == 0 || rest[0] != '/')
                {
                    throw new FormatException($"Milter listener '{descriptor}': a local socket needs an absolute path.");
                }
                return new MilterListenerAddress(new UnixDomainSocketEndPoint(rest), rest);
            case "inet" or "inet6":
                var six = scheme == "inet6";
                var at = rest.IndexOf('@');
                var portText = at < 0 ? rest : rest[..at];
                var host = at < 0 ? "" : rest[(at + 1)..];
                if (!ushort.TryParse(portText, out var port))
                {
                    throw new FormatException($"Milter listener '{descriptor}': '{portText}' is not a port.");
                }
                return new MilterListenerAddress(new IPEndPoint(ParseHost(descriptor, host, six), port), null);
            default:
                throw new FormatException($"Milter listener '{descriptor}': unknown scheme '{scheme}'.");
        }
    }

    private static IPAddress ParseHost(string descriptor, string host, bool six)
    {
        var address = host switch
        {
            "" or "localhost" => six ? IPAddress.IPv6Loopback : IPAddress.Loopback,
            "*" => six ? IPAddress.IPv6Any : IPAddress.Any,
            _ => IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null,
        };
        if (address is null || (address.AddressFamily == AddressFamily.InterNetworkV6) != six)
        {
            throw new FormatException($"Milter listener '{descriptor}': '{host}' is not an {(six ? "IPv6" : "IPv4")} address.");
        }
        return address;
    }

    /// <inheritdoc />
    public override string ToString() => UnixPath is { } path ? "local:" + path : EndPoint.ToString() ?? "";
}
