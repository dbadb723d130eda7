using System.Net;
using System.Net.Sockets;

namespace Sift.Protocols.Dns.Lookups;

/// <summary>
/// Heuristics that a reverse name belongs to a dynamic or consumer address pool: the address
/// itself written into the name (192-0-2-27, 27.2.0.192, c000021b), or labels such as dsl, dyn,
/// pool, dhcp, cable, ppp. Only the labels left of the last two are looked at, so a provider's
/// own domain (cable.example) does not count.
/// </summary>
public static class DynamicPool
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "dsl", "adsl", "vdsl", "xdsl", "sdsl", "dyn", "dynamic", "dynip", "pool", "dhcp", "cable", "cablemodem",
        "ppp", "pppoe", "dial", "dialup", "dialin", "broadband", "cpe", "ftth", "fttx", "modem", "customer", "cust",
        "client", "resnet", "residential", "wireless", "mobile",
    };

    /// <summary>Why <paramref name="name"/> looks like a dynamic pool name for <paramref name="address"/>; null when it does not.</summary>
    public static string? Check(string name, IPAddress address)
    {
        var labels = name.TrimEnd('.').Split('.');
        if (labels.Length < 3) return null;
        var host = labels[..^2];
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork && EmbedsIPv4(string.Join('.', host), address.GetAddressBytes()))
        {
            return $"the address is embedded in {name}";
        }
        foreach (var label in host)
        {
            foreach (var token in label.Split(['-', '_', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (Words.Contains(token)) return $"{name} has a dynamic-pool label '{token}'";
            }
        }
        return null;
    }

    private static bool EmbedsIPv4(string host, byte[] ip)
    {
        var hex = Convert.ToHexStringLower(ip);
        if (host.Contains(hex, StringComparison.OrdinalIgnoreCase)) return true;
        var numbers = new List<int>();
        int current = -1;
        foreach (char c in host + ".")
        {
            if (char.IsAsciiDigit(c))
            {
                current = current < 0 ? c - '0' : Math.Min(current * 10 + (c - '0'), 1000);
            }
            else if (current >= 0)
            {
                numbers.Add(current);
                current = -1;
            }
        }
        for (int i = 0; i + 4 <= numbers.Count; i++)
        {
            bool forward = true, backward = true;
            for (int k = 0; k < 4; k++)
            {
                forward &= numbers[i + k] == ip[k];
                backward &= numbers[i + k] == ip[3 - k];
            }
            if (forward || backward) return true;
        }
        return false;
    }
}
