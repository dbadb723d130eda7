using Sift.Protocols.Net;

namespace Sift.Protocols.Clamd;

/// <summary>Where clamd listens and how long and how large one operation may be.</summary>
public sealed record ClamdClientOptions
{
    /// <summary>The daemon's address (<c>unix:/run/clamav/clamd.ctl</c>, <c>127.0.0.1:3310</c>).</summary>
    public required EndpointAddress Address { get; init; }

    /// <summary>The whole operation's limit: connect, send, scan and reply. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes per INSTREAM chunk. Default 64 KiB; at most <see cref="ClamdWriter.MaxChunkLength"/>.</summary>
    public int ChunkSize { get; init; } = 64 * 1024;

    /// <summary>The longest reply accepted before the connection counts as broken. Default 4 KiB.</summary>
    public int MaxReplyLength { get; init; } = 4096;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Address);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChunkSize, ClamdWriter.MaxChunkLength, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplyLength, 16, nameof(MaxReplyLength));
    }
}
