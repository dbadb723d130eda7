using Sift.Protocols.Clamd;
using Sift.Protocols.Process;
using Sift.Engine.Results;

namespace Sift.Engine.Compat;

/// <summary>
/// The answer of a Mail::MIMEDefang virus-scanning function: <c>(code, category, action)</c>, e.g.
/// <c>(0, "ok", "ok")</c>, <c>(1, "virus", "quarantine")</c>, <c>(999, "swerr", "tempfail")</c>.
/// </summary>
/// <param name="Code">0 clean, 1 virus (or not installed), 999 scanner failure.</param>
/// <param name="Category"><c>ok</c>, <c>virus</c>, <c>not-installed</c>, <c>cannot-execute</c> or <c>swerr</c>.</param>
/// <param name="Action"><c>ok</c>, <c>quarantine</c> or <c>tempfail</c>.</param>
/// <param name="VirusName">The virus's name when found (MIMEDefang's <c>$VirusName</c>).</param>
/// <param name="Message">What the scanner said, for the log (MIMEDefang's <c>$VirusScannerMessages</c>).</param>
public sealed record MimeDefangVirusResult(int Code, string Category, string Action, string? VirusName, string? Message)
{
    /// <summary>Nothing found: <c>(0, ok, ok)</c>.</summary>
    public static MimeDefangVirusResult Ok(string? message) => new(0, "ok", "ok", null, message);

    /// <summary>A virus: <c>(1, virus, quarantine)</c>.</summary>
    public static MimeDefangVirusResult Virus(string name, string? message) => new(1, "virus", "quarantine", name, message);

    /// <summary>The scanner could not be reached or run: <c>(999, cannot-execute, tempfail)</c>.</summary>
    public static MimeDefangVirusResult CannotExecute(string message) => new(999, "cannot-execute", "tempfail", null, message);

    /// <summary>The scanner answered with an error: <c>(999, swerr, tempfail)</c>.</summary>
    public static MimeDefangVirusResult SoftwareError(string message) => new(999, "swerr", "tempfail", null, message);

    /// <summary>The scanner program is absent: <c>(1, not-installed, tempfail)</c>.</summary>
    public static MimeDefangVirusResult NotInstalled(string message) => new(1, "not-installed", "tempfail", null, message);

    /// <summary>Deconstructs to MIMEDefang's three-value list.</summary>
    public void Deconstruct(out int code, out string category, out string action)
    {
        code = Code;
        category = Category;
        action = Action;
    }
}

/// <summary>
/// Drop-ins for Mail::MIMEDefang's ClamAV functions, with the same return shapes, so that a filter
/// ported from <c>mimedefang-filter</c> keeps its decision table.
/// </summary>
public static class MimeDefangClamav
{
    /// <summary><c>message_contains_virus_clamd</c>: clamd SCANs a spooled message file on its own host.</summary>
    /// <param name="clamd">The client for the local clamd.</param>
    /// <param name="path">The message file's absolute path, readable by clamd.</param>
    /// <param name="cancellationToken">Cancels the scan (throws).</param>
    public static async Task<MimeDefangVirusResult> MessageContainsVirusClamdAsync(
        ClamdClient clamd, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clamd);
        try
        {
            return FromScan(await clamd.ScanFileAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (ClamdProtocolException e)
        {
            return FromFailure(e);
        }
    }

    /// <summary><c>message_contains_virus_clamd</c> for a remote clamd: the message is streamed with INSTREAM.</summary>
    /// <param name="clamd">The client for the (possibly remote) clamd.</param>
    /// <param name="message">The message, read to its end.</param>
    /// <param name="cancellationToken">Cancels the scan (throws).</param>
    public static async Task<MimeDefangVirusResult> MessageContainsVirusClamdStreamAsync(
        ClamdClient clamd, Stream message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clamd);
        try
        {
            return FromScan(await clamd.ScanStreamAsync(message, cancellationToken).ConfigureAwait(false));
        }
        catch (ClamdProtocolException e)
        {
            return FromFailure(e);
        }
    }

    /// <summary>
    /// The message piped to <c>clamdscan --stream</c> (exit 0 clean, 1 virus, 2+ error), with
    /// <c>(1, not-installed, tempfail)</c> when clamdscan is absent.
    /// </summary>
    /// <param name="runner">Runs the program.</param>
    /// <param name="message">The message, streamed to clamdscan's standard input.</param>
    /// <param name="clamdscan">The executable (default <c>clamdscan</c> from PATH).</param>
    /// <param name="configFile">A clamd.conf for <c>--config-file=</c>; null uses clamdscan's default.</param>
    /// <param name="timeout">How long clamdscan may run before it is killed; default 30 s.</param>
    /// <param name="cancellationToken">Kills clamdscan and throws.</param>
    public static async Task<MimeDefangVirusResult> ClamdScanStreamAsync(
        ProcessRunner runner, Stream message, string clamdscan = "clamdscan", string? configFile = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var result = await runner.RunAsync(ClamdscanOptions(clamdscan, configFile, timeout), message, cancellationToken)
            .ConfigureAwait(false);
        return FromClamdscan(result);
    }

    /// <summary>The argv for <c>clamdscan --stream</c> reading the message from standard input.</summary>
    public static ProcessRunOptions ClamdscanOptions(string clamdscan = "clamdscan", string? configFile = null, TimeSpan? timeout = null)
    {
        List<string> arguments = ["--stream", "--no-summary", "--stdout"];
        if (configFile is not null) arguments.Add("--config-file=" + configFile);
        arguments.Add("-");
        return new ProcessRunOptions
        {
            FileName = clamdscan,
            Arguments = arguments,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            ExitCodes = ExitCodeMap.Clamdscan,
        };
    }

    /// <summary>Maps clamd's scan answer.</summary>
    public static MimeDefangVirusResult FromScan(ClamdScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            ClamdScanStatus.Clean => MimeDefangVirusResult.Ok(result.Reply),
            ClamdScanStatus.Virus => MimeDefangVirusResult.Virus(result.VirusName!, result.Reply),
            _ => MimeDefangVirusResult.SoftwareError(result.Reply),
        };
    }

    /// <summary>Maps a broken conversation: unreachable is cannot-execute, anything later swerr.</summary>
    public static MimeDefangVirusResult FromFailure(ClamdProtocolException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Failure == ClamdFailure.ConnectFailed
            ? MimeDefangVirusResult.CannotExecute(failure.Message)
            : MimeDefangVirusResult.SoftwareError(failure.Message);
    }

    /// <summary>Maps a clamdscan run.</summary>
    public static MimeDefangVirusResult FromClamdscan(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var output = result.Stdout.Trim();
        return result.Outcome switch
        {
            ProcessOutcome.NotInstalled => MimeDefangVirusResult.NotInstalled(result.Error ?? "clamdscan: not installed"),
            ProcessOutcome.StartFailed => MimeDefangVirusResult.CannotExecute(result.Error ?? "clamdscan: cannot start"),
            ProcessOutcome.TimedOut => MimeDefangVirusResult.SoftwareError(result.Error ?? "clamdscan: timed out"),
            _ => result.Verdict switch
            {
                ExitVerdict.Clean => MimeDefangVirusResult.Ok(output),
                ExitVerdict.Hit => MimeDefangVirusResult.Virus(ClamavInterpretation.FoundName(output) ?? "unknown", output),
                _ => MimeDefangVirusResult.SoftwareError($"clamdscan exited with {result.ExitCode}: {(output.Length > 0 ? output : result.Stderr.Trim())}"),
            },
        };
    }
}
