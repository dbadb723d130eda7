namespace Sift.Protocols.Rspamd;

/// <summary>Settings of an <see cref="RspamdClient"/>.</summary>
public sealed record RspamdClientOptions
{
    /// <summary>
    /// rspamd's normal worker: <c>http://127.0.0.1:11333</c>, or <c>unix:/run/rspamd/normal.sock</c>.
    /// </summary>
    public required string Address { get; init; }

    /// <summary>The scanning path; default <c>/checkv2</c> (rspamd's normal worker and proxy).</summary>
    public string CheckPath { get; init; } = RspamdWriter.CheckPath;

    /// <summary>The whole scan (connect, upload, answer) must finish within this; default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep-alive connections kept open to rspamd at most; default 16.</summary>
    public int MaxConnections { get; init; } = 16;

    /// <summary>How long a pooled connection lives before it is replaced; default 5 min.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an idle pooled connection is kept; default 30 s.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest answer body accepted; default 4 MiB.</summary>
    public int MaxAnswerLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>The controller password (<c>Password</c> header), needed only by the controller worker.</summary>
    public string? Password { get; init; }
}
