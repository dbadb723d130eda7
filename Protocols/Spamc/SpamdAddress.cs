using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Spamc;

/// <summary>
/// Reads a daemon address: <c>unix:/run/spamd.sock</c> (or an absolute path),
/// <c>127.0.0.1:783</c>, <c>[::1]:783</c>, <c>localhost:783</c>, or a bare host with the default port.
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
        var text = address.Trim();
        if (text.Length == 0) throw new FormatException("an empty daemon address");
        if (text.StartsWith("unix:", StringComparison.Ordinal)) return UnixPath(text[5..], address);
        if (text.StartsWith('/')) return UnixPath(text, address);

        string host;
        var port = defaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) throw new FormatException($"'{address}': an IPv6 address opened with '[' is not closed");
            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':') throw new FormatException($"'{address}': expected ':port' after ']'");
                port = ParsePort(after[1..], address);
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') == colon)
            {
                host = text[..colon];
                port = ParsePort(text[(colon + 1)..], address);
            }
            else host = text; // no port, or a bare IPv6 address
        }
        if (host.Length == 0) throw new FormatException($"'{address}': no host");
        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }

    private static UnixDomainSocketEndPoint UnixPath(string path, string original) =>
        path.Length == 0 ? throw new FormatException($"'{original}': no socket path") : new UnixDomainSocketEndPoint(path);

    private static int ParsePort(string text, string original) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"'{original}': the port must be 1-65535");
}
