using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SysProcess = System.Diagnostics.Process;

namespace Sift.Protocols.Process;

/// <summary>
/// Runs external programs for checks (<c>clamdscan --stream</c>, a site's own scanner…): started
/// from argv, never through a shell; the message streamed to standard input; standard output and
/// error captured up to a bound each; on timeout or cancellation the process and all its children
/// are killed; the process is always waited for, so none is left a zombie.
/// </summary>
public sealed class ProcessRunner
{
    private const int ENOENT = 2;
    private readonly ILogger _logger;

    /// <summary>Creates a runner; it holds no state between runs and is safe to share.</summary>
    public ProcessRunner(ILogger<ProcessRunner>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs a program with empty standard input (closed at once).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the process was killed and reaped).</exception>
    public Task<ProcessResult> RunAsync(ProcessRunOptions options, CancellationToken cancellationToken = default)
        => RunCoreAsync(options, null, cancellationToken);

    /// <summary>Runs a program, streaming <paramref name="stdin"/> (or nothing: empty input) to it.</summary>
    /// <param name="options">The program, its arguments and bounds.</param>
    /// <param name="stdin">The content for standard input, read to its end; null closes standard input at once.</param>
    /// <param name="cancellationToken">Kills the process and throws once it has exited.</param>
    /// <returns>Exited with a code and verdict, timed out, not installed or not startable.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the process was killed and reaped).</exception>
    /// <remarks>An exception thrown while reading <paramref name="stdin"/> is rethrown once the process has
    /// exited: a verdict on a partly read message would be wrong.</remarks>
    public Task<ProcessResult> RunAsync(ProcessRunOptions options, Stream? stdin, CancellationToken cancellationToken = default)
        => RunCoreAsync(options, stdin is null ? null : (target, token) => CopyStreamAsync(stdin, target, token), cancellationToken);

    /// <summary>Runs a program, streaming the content of <paramref name="stdin"/> to it; the reader is
    /// advanced but not completed (its owner completes it).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the process was killed and reaped).</exception>
    public Task<ProcessResult> RunAsync(ProcessRunOptions options, PipeReader stdin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        return RunCoreAsync(options, (target, token) => CopyPipeAsync(stdin, target, token), cancellationToken);
    }

    private async Task<ProcessResult> RunCoreAsync(
        ProcessRunOptions options, Func<Stream, CancellationToken, Task>? feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var started = Stopwatch.GetTimestamp();
        using var process = new SysProcess { StartInfo = StartInfo(options) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            var outcome = e.NativeErrorCode == ENOENT ? ProcessOutcome.NotInstalled : ProcessOutcome.StartFailed;
            var error = outcome == ProcessOutcome.NotInstalled ? $"{options.FileName}: not installed" : $"{options.FileName}: {e.Message}";
            ProcessLog.NotStarted(_logger, options.FileName, outcome, e.Message);
            return ProcessResult.Failed(outcome, error, Stopwatch.GetElapsedTime(started));
        }

        var stdout = new BoundedCapture(options.MaxStdoutBytes);
        var stderr = new BoundedCapture(options.MaxStderrBytes);
        var stdoutTask = stdout.ReadToEndAsync(process.StandardOutput.BaseStream);
        var stderrTask = stderr.ReadToEndAsync(process.StandardError.BaseStream);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var stdinTask = FeedAsync(process.StandardInput.BaseStream, feed, deadline.Token);

        var killed = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            Kill(process);
            // SIGKILL cannot be ignored: this wait ends, and it reaps the process.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            ProcessLog.Killed(_logger, options.FileName, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                cancellationToken.IsCancellationRequested ? "cancelled" : "timeout");
        }
        var elapsed = Stopwatch.GetElapsedTime(started);

        await DrainAsync(options, stdinTask, stdoutTask, stderrTask).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        if (killed)
        {
            return new ProcessResult(ProcessOutcome.TimedOut, null, ExitVerdict.Error, stdout.Text(), stdout.Truncated,
                stderr.Text(), stderr.Truncated, elapsed, $"{options.FileName}: no exit within {options.Timeout.TotalMilliseconds:0} ms; killed");
        }
        var code = process.ExitCode;
        ProcessLog.Exited(_logger, options.FileName, code, (long)elapsed.TotalMilliseconds);
        return new ProcessResult(ProcessOutcome.Exited, code, options.ExitCodes.Map(code), stdout.Text(), stdout.Truncated,
            stderr.Text(), stderr.Truncated, elapsed, null);
    }

    private static ProcessStartInfo StartInfo(ProcessRunOptions options)
    {
        var info = new ProcessStartInfo(options.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in options.Arguments) info.ArgumentList.Add(argument);
        if (options.WorkingDirectory is not null) info.WorkingDirectory = options.WorkingDirectory;
        if (options.Environment is not null)
        {
            foreach (var (name, value) in options.Environment)
            {
                if (value is null) info.Environment.Remove(name);
                else info.Environment[name] = value;
            }
        }
        return info;
    }

    private static void Kill(SysProcess process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
        catch (Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Streams the input and closes standard input (EOF). A program that exits or closes its
    /// input without reading everything is its own business, not an error; an error reading the
    /// input is the caller's, and propagates.</summary>
    private static async Task FeedAsync(Stream target, Func<Stream, CancellationToken, Task>? feed, CancellationToken cancellationToken)
    {
        try
        {
            if (feed is not null) await feed(target, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        finally
        {
            try { await target.DisposeAsync().ConfigureAwait(false); }
            catch (IOException) { }
        }
    }

    /// <summary>Waits, bounded, for the input feed to stop and the output pipes to reach their end.</summary>
    private async Task DrainAsync(ProcessRunOptions options, Task stdinTask, Task stdoutTask, Task stderrTask)
    {
        var all = Task.WhenAll(stdinTask, stdoutTask, stderrTask);
        using var grace = new CancellationTokenSource();
        var finished = await Task.WhenAny(all, Task.Delay(options.DrainTimeout, grace.Token)).ConfigureAwait(false);
        if (finished == all)
        {
            await grace.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
            return;
        }
        ProcessLog.DrainAbandoned(_logger, options.FileName, (long)options.DrainTimeout.TotalMilliseconds);
    }

    private static async Task CopyStreamAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (!await TryWriteAsync(target, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false)) return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CopyPipeAsync(PipeReader reader, Stream target, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                if (!await TryWriteAsync(target, segment, cancellationToken).ConfigureAwait(false))
                {
                    reader.AdvanceTo(buffer.End);
                    return;
                }
            }
            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    /// <summary>False when the program closed its input (EPIPE): it chose not to read the rest.</summary>
    private static async ValueTask<bool> TryWriteAsync(Stream target, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await target.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
