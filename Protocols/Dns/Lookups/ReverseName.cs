using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Dns.Lookups;

/// <summary>
/// Reversed address labels: IPv4 octets in reverse order (RFC 1035 §3.5), IPv6 nibbles in
/// reverse order (RFC 3596 §2.5). Used under in-addr.arpa / ip6.arpa for PTR and under a
/// blocklist zone for DNSBL.
/// </summary>
public static class ReverseName
{
    /// <summary>The reversed labels without a zone: <c>4.3.2.1</c> for 1.2.3.4, 32 nibbles for IPv6.
    /// IPv4-mapped IPv6 addresses are treated as IPv4.</summary>
    public static string Labels(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int n);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return $"{bytes[3]}.{bytes[2]}.{bytes[1]}.{bytes[0]}";
        }
        Span<char> chars = stackalloc char[63];
        int w = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            chars[w++] = "0123456789abcdef"[bytes[i] & 0xF];
            chars[w++] = '.';
            chars[w++] = "0123456789abcdef"[bytes[i] >> 4];
            if (i > 0) chars[w++] = '.';
        }
        return new string(chars[..w]);
    }

    /// <summary>The PTR name: <c>4.3.2.1.in-addr.arpa</c> or <c>…ip6.arpa</c>.</summary>
    public static string ForPtr(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return Labels(address) + (address.AddressFamily == AddressFamily.InterNetwork ? ".in-addr.arpa" : ".ip6.arpa");
    }

    /// <summary>The blocklist name: reversed labels under <paramref name="zone"/>.</summary>
    public static string InZone(IPAddress address, string zone) => Labels(address) + "." + zone.Trim('.');
}
