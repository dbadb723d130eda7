using System.Globalization;
using System.Net;

namespace Sift.Protocols.Dns;

/// <summary>Parses nameserver addresses: <c>127.0.0.1</c>, <c>127.0.0.1:5353</c>, <c>::1</c>, <c>[::1]:5353</c>.</summary>
public static class NameServer
{
    /// <summary>The DNS port.</summary>
    public const int DefaultPort = 53;

    /// <summary>Parses <paramref name="text"/>; false when it is not an IP address with an optional port.</summary>
    public static bool TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        text = text.Trim();
        int port = DefaultPort;
        string host = text;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return false;
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryPort(rest[1..], out port))) return false;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            if (!TryPort(text[(colon + 1)..], out port)) return false;
        }
        if (!IPAddress.TryParse(host, out var address)) return false;
        endpoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws.</summary>
    /// <exception cref="FormatException">Not an IP address with an optional port.</exception>
    public static IPEndPoint Parse(string text) =>
        TryParse(text, out var ep) ? ep : throw new FormatException($"not a nameserver address (host or host:port, [v6]:port): '{text}'");

    private static bool TryPort(string s, out int port) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
