using Microsoft.Extensions.Configuration;

namespace Sift.Engine.Configuration;

/// <summary><c>sift.backends</c>.</summary>
public sealed class BackendsOptions
{
    /// <summary>clamd scanners.</summary>
    public ClamdOptions Clamd { get; set; } = new();

    /// <summary>spamd scanners.</summary>
    public SpamdOptions Spamd { get; set; } = new();

    /// <summary>rspamd scanners.</summary>
    public RspamdOptions Rspamd { get; set; } = new();
}

/// <summary>What every backend kind has: upstreams, a bound on open scans, health rules.</summary>
public class BackendOptions
{
    /// <summary>Scanners to spread load across.</summary>
    public List<UpstreamOptions> Upstreams { get; set; } = [];

    /// <summary>Open scans per upstream.</summary>
    [ConfigurationKeyName("max-in-flight")]
    public int MaxInFlight { get; set; } = 8;

    /// <summary>When an upstream is taken out and tried again.</summary>
    public UpstreamHealthOptions Health { get; set; } = new();
}

/// <summary><c>sift.backends.clamd</c>.</summary>
public sealed class ClamdOptions : BackendOptions
{
    /// <summary>Largest stream sent to clamd, in bytes.</summary>
    [ConfigurationKeyName("max-stream-size")]
    public long MaxStreamSize { get; set; } = 25L * 1024 * 1024;
}

/// <summary><c>sift.backends.spamd</c>.</summary>
public sealed class SpamdOptions : BackendOptions
{
    /// <summary>SPAMC user to scan as (empty: none).</summary>
    public string User { get; set; } = "";
}

/// <summary><c>sift.backends.rspamd</c>.</summary>
public sealed class RspamdOptions : BackendOptions
{
    /// <summary>Settings-ID sent with every scan (empty: none).</summary>
    [ConfigurationKeyName("settings-id")]
    public string SettingsId { get; set; } = "";
}

/// <summary>One upstream of a backend.</summary>
public sealed class UpstreamOptions
{
    /// <summary>host:port or unix:/path.</summary>
    public string Address { get; set; } = "";

    /// <summary>Relative share of the requests.</summary>
    public int Weight { get; set; } = 1;
}

/// <summary>Upstream health, as rspamd does it: <see cref="MaxErrors"/> in <see cref="ErrorWindow"/> take it out for <see cref="ReviveAfter"/>.</summary>
public sealed class UpstreamHealthOptions
{
    /// <summary>Errors within the window that take an upstream out.</summary>
    [ConfigurationKeyName("max-errors")]
    public int MaxErrors { get; set; } = 4;

    /// <summary>The window errors are counted in.</summary>
    [ConfigurationKeyName("error-window")]
    public TimeSpan ErrorWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an upstream stays out.</summary>
    [ConfigurationKeyName("revive-after")]
    public TimeSpan ReviveAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Random spread of <see cref="ReviveAfter"/>, as a share.</summary>
    [ConfigurationKeyName("revive-jitter")]
    public double ReviveJitter { get; set; } = 0.25;
}
