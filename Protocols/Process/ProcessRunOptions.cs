namespace Sift.Protocols.Process;

/// <summary>How to run one external program: argv (never a shell), bounds and the meaning of its exit codes.</summary>
public sealed record ProcessRunOptions
{
    /// <summary>The executable: an absolute path, or a name looked up in PATH.</summary>
    public required string FileName { get; init; }

    /// <summary>The arguments, passed as they are (no shell, no word splitting, no globbing).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>From start to exit; past it the process and its children are killed. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many bytes of standard output are kept; the rest is read and discarded. Default 64 KiB.</summary>
    public int MaxStdoutBytes { get; init; } = 64 * 1024;

    /// <summary>At most this many bytes of standard error are kept. Default 16 KiB.</summary>
    public int MaxStderrBytes { get; init; } = 16 * 1024;

    /// <summary>What the exit codes mean. Default: 0 clean, anything else an error.</summary>
    public ExitCodeMap ExitCodes { get; init; } = ExitCodeMap.ZeroIsClean;

    /// <summary>The working directory; null keeps the caller's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes one) on top of the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>How long, after the process exited or was killed, to wait for its output pipes to close
    /// (a grandchild that escaped the process tree may hold them). Default 1 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(FileName);
        ArgumentNullException.ThrowIfNull(Arguments);
        ArgumentNullException.ThrowIfNull(ExitCodes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxStdoutBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxStderrBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(DrainTimeout, TimeSpan.Zero, nameof(DrainTimeout));
    }
}
