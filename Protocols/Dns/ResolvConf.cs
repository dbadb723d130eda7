using System.Globalization;
using System.Net;

namespace Sift.Protocols.Dns;

/// <summary>
/// What resolv.conf(5) says that the stub resolver uses: <c>nameserver</c> lines (at most 3 are
/// honoured, as glibc does), and <c>options timeout:n attempts:n rotate</c>. Other lines are ignored.
/// </summary>
public sealed record ResolvConf(IReadOnlyList<IPEndPoint> Servers, TimeSpan Timeout, int Attempts, bool Rotate)
{
    /// <summary>The usual location.</summary>
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>Parses the text of a resolv.conf file. Bad values are ignored, as glibc does.</summary>
    public static ResolvConf Parse(string text)
    {
        var servers = new List<IPEndPoint>();
        var timeout = TimeSpan.FromSeconds(5);
        int attempts = 2;
        bool rotate = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "nameserver" && parts.Length > 1 && servers.Count < 3
                && IPAddress.TryParse(parts[1].Split('%')[0], out var ip))
            {
                servers.Add(new IPEndPoint(ip, NameServer.DefaultPort));
            }
            else if (parts[0] == "options")
            {
                foreach (var opt in parts.Skip(1))
                {
                    if (opt == "rotate") rotate = true;
                    else if (TryOption(opt, "timeout:", 1, 30, out int t)) timeout = TimeSpan.FromSeconds(t);
                    else if (TryOption(opt, "attempts:", 1, 5, out int a)) attempts = a;
                }
            }
        }
        return new ResolvConf(servers, timeout, attempts, rotate);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ResolvConf Load(string path = DefaultPath) => Parse(File.ReadAllText(path));

    private static bool TryOption(string opt, string prefix, int min, int max, out int value)
    {
        value = 0;
        if (!opt.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(opt.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value)) return false;
        value = Math.Clamp(value, min, max);
        return true;
    }
}
