using System.CommandLine;
using Sift.Engine.Configuration;
using Sift.Engine.Configuration.Hocon;

namespace Sift.Host.Commands;

/// <summary>What the commands that run checks share: reading the configuration and overriding its nameservers.</summary>
internal static class ConfigLoading
{
    public static Option<string[]> NameserverOption() => new("--nameserver", "-s")
    {
        Description = "Nameserver host:port (IPv4 or [IPv6]); repeatable. Replaces sift.dns.nameservers.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Loads reference.conf and <paramref name="file"/>; null (and the reason on <paramref name="error"/>) when that fails.</summary>
    public static SiftOptions? Load(string? file, string[]? nameservers, TextWriter error, string command)
    {
        SiftOptions options;
        try
        {
            options = SiftConfiguration.Load(file).Options;
        }
        catch (Exception e) when (e is SiftConfigurationException or HoconException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{command}: {e.Message}");
            return null;
        }
        if (nameservers is { Length: > 0 })
        {
            options.Dns.Nameservers = [.. nameservers];
        }
        return options;
    }
}
