using System.Net;
using Sift.Protocols.Net;

namespace Sift.Protocols.Spamc;

/// <summary>
/// Reads a daemon address: <c>unix:/run/spamd.sock</c> (or an absolute path),
/// <c>127.0.0.1:783</c>, <c>[::1]:783</c>, <c>localhost:783</c>, or a bare host with the default port.
/// The syntax is <see cref="EndpointAddress"/>'s, shared by every backend.
/// </summary>
public static class SpamdAddress
{
    /// <summary>spamd's registered port.</summary>
    public const int DefaultPort = 783;

    /// <summary>Parses <paramref name="address"/>; a missing port means <paramref name="defaultPort"/>.</summary>
    /// <exception cref="FormatException">The address is empty or its port is not 1-65535.</exception>
    public static EndPoint Parse(string address, int defaultPort = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(address);
        return EndpointAddress.TryParse(address, out var parsed, out var error, defaultPort)
            ? parsed.ToEndPoint()
            : throw new FormatException(error);
    }
}
