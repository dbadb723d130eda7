namespace Sift.Protocols.Process;

/// <summary>How a run ended.</summary>
public enum ProcessOutcome
{
    /// <summary>The program ran and exited by itself; <see cref="ProcessResult.ExitCode"/> is set.</summary>
    Exited,
    /// <summary>The timeout expired; the process and its children were killed.</summary>
    TimedOut,
    /// <summary>The executable does not exist.</summary>
    NotInstalled,
    /// <summary>The executable exists but could not be started (permissions, bad format…).</summary>
    StartFailed,
}

/// <summary>The result of running one program: a value whatever happened (cancellation alone throws).</summary>
/// <param name="Outcome">How the run ended.</param>
/// <param name="ExitCode">The exit code when <see cref="ProcessOutcome.Exited"/>; null otherwise.</param>
/// <param name="Verdict">The exit code mapped by the configured <see cref="ExitCodeMap"/>; <see cref="ExitVerdict.Error"/> unless exited.</param>
/// <param name="Stdout">Standard output (UTF-8, invalid bytes replaced), at most the configured bound.</param>
/// <param name="StdoutTruncated">True when standard output passed its bound and the excess was discarded.</param>
/// <param name="Stderr">Standard error, at most the configured bound.</param>
/// <param name="StderrTruncated">True when standard error passed its bound.</param>
/// <param name="Elapsed">From start to exit (or to the kill).</param>
/// <param name="Error">Why the run did not end normally (not installed, timed out…); null when it exited.</param>
public sealed record ProcessResult(
    ProcessOutcome Outcome,
    int? ExitCode,
    ExitVerdict Verdict,
    string Stdout,
    bool StdoutTruncated,
    string Stderr,
    bool StderrTruncated,
    TimeSpan Elapsed,
    string? Error)
{
    internal static ProcessResult Failed(ProcessOutcome outcome, string error, TimeSpan elapsed)
        => new(outcome, null, ExitVerdict.Error, "", false, "", false, elapsed, error);
}
