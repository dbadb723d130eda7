using System.Net;

namespace Sift.Protocols.Spamc;

/// <summary>Settings of a <see cref="SpamcClient"/>.</summary>
public sealed record SpamcClientOptions
{
    /// <summary>Where spamd listens (TCP or unix socket); see <see cref="SpamdAddress.Parse"/>.</summary>
    public required EndPoint EndPoint { get; init; }

    /// <summary>The whole operation (connect, send, answer) must finish within this; default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The spamd user sent in the <c>User</c> header when a call gives none; null sends none.</summary>
    public string? User { get; init; }

    /// <summary>The largest SYMBOLS/REPORT body accepted; default 1 MiB.</summary>
    public int MaxReportLength { get; init; } = 1024 * 1024;

    /// <summary>The largest PROCESS body copied to the output stream; default 512 MiB.</summary>
    public long MaxProcessedLength { get; init; } = 512L * 1024 * 1024;

    /// <summary>Options for the daemon at <paramref name="address"/> (<c>127.0.0.1:783</c>, <c>unix:/path</c>).</summary>
    public static SpamcClientOptions For(string address) => new() { EndPoint = SpamdAddress.Parse(address) };
}
