using Sift.Actors.Checks;
using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Protocols.Clamd;
using Sift.Protocols.Net;
using Sift.Protocols.Process;
using Sift.Protocols.Rspamd;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Backends;

/// <summary>
/// The content check kinds: <c>clamd</c> (INSTREAM of the message), <c>spamc</c>, <c>rspamd</c>
/// over an <see cref="UpstreamSet{TClient}"/> each (least-loaded healthy upstream, one retry on
/// another), and <c>process</c> (argv, exit-code map). All use the socket-timeout class and
/// are never merged (each message is its own scan).
/// </summary>
public static class ScannerCheckKinds
{
    /// <summary>The clamd kind.</summary>
    /// <param name="upstreams">The scanners.</param>
    /// <param name="maxInFlight">Scans in flight per upstream (the kind's pool holds upstreams × this).</param>
    public static CheckKind Clamd(UpstreamSet<ClamdClient> upstreams, int maxInFlight = 8)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        CheckExecutor executor = async (p, ct) =>
        {
            var scan = (ClamdScan)p;
            return await upstreams.ExecuteAsync(async (client, token) =>
            {
                await using var content = scan.Content.OpenRead();
                return await client.ScanStreamAsync(content, token).ConfigureAwait(false);
            }, ct, IsUpstreamFailure).ConfigureAwait(false);
        };
        return Kind(CheckKinds.Clamd, executor, InterpretClamd, upstreams.Members.Count, maxInFlight);
    }

    /// <summary>The spamc kind (spamd's SYMBOLS verb unless the check says otherwise).</summary>
    /// <param name="upstreams">The spamd daemons.</param>
    /// <param name="maxInFlight">Scans in flight per upstream.</param>
    /// <param name="defaultUser">The spamd user when a check names none.</param>
    public static CheckKind Spamc(UpstreamSet<SpamcClient> upstreams, int maxInFlight = 8, string? defaultUser = null)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        CheckExecutor executor = async (p, ct) =>
        {
            var scan = (SpamcScan)p;
            var command = SpamcCommandOf(scan.Verb);
            return await upstreams.ExecuteAsync(async (client, token) =>
            {
                await using var content = scan.Content.OpenRead();
                return await client.ScanAsync(command, content, scan.User ?? defaultUser, null, token).ConfigureAwait(false);
            }, ct, IsUpstreamFailure).ConfigureAwait(false);
        };
        return Kind(CheckKinds.Spamc, executor, static (a, _) => SpamAssassinInterpretation.From((SpamdResult)a!), upstreams.Members.Count, maxInFlight);
    }

    /// <summary>The rspamd kind.</summary>
    /// <param name="upstreams">The rspamd workers.</param>
    /// <param name="maxInFlight">Scans in flight per upstream.</param>
    /// <param name="settingsId">The Settings-ID sent with every scan; null or empty: none.</param>
    public static CheckKind Rspamd(UpstreamSet<RspamdClient> upstreams, int maxInFlight = 8, string? settingsId = null)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        CheckExecutor executor = async (p, ct) =>
        {
            var scan = (RspamdScan)p;
            var e = scan.Envelope;
            var envelope = new RspamdEnvelope
            {
                Ip = e.ClientAddress?.ToString(),
                Helo = e.Helo,
                From = e.From,
                Rcpt = e.Recipients,
                QueueId = e.QueueId,
                SettingsId = string.IsNullOrEmpty(settingsId) ? null : settingsId,
            };
            return await upstreams.ExecuteAsync(async (client, token) =>
            {
                await using var content = scan.Content.OpenRead();
                return await client.CheckAsync(content, envelope, token).ConfigureAwait(false);
            }, ct, IsUpstreamFailure).ConfigureAwait(false);
        };
        return Kind(CheckKinds.Rspamd, executor, static (a, _) => RspamdInterpretation.From((RspamdResult)a!), upstreams.Members.Count, maxInFlight);
    }

    /// <summary>The process kind: runs the check's argv (never a shell), the message on standard input when given.</summary>
    /// <param name="runner">Starts the programs.</param>
    /// <param name="poolSize">Check actors.</param>
    /// <param name="maxInFlight">Programs running at once per check actor.</param>
    public static CheckKind Process(ProcessRunner runner, int poolSize = 2, int maxInFlight = 8)
    {
        ArgumentNullException.ThrowIfNull(runner);
        CheckExecutor executor = async (p, ct) =>
        {
            var run = (ProcessRun)p;
            ProcessResult result;
            if (run.Stdin is { } stdin)
            {
                await using var content = stdin.OpenRead();
                result = await runner.RunAsync(run.Options, content, ct).ConfigureAwait(false);
            }
            else
            {
                result = await runner.RunAsync(run.Options, ct).ConfigureAwait(false);
            }
            if (result.Outcome == ProcessOutcome.TimedOut)
            {
                throw new TimeoutException($"{run.Options.FileName} did not exit within {run.Options.Timeout.TotalSeconds:0.###} s");
            }
            return result;
        };
        return Kind(CheckKinds.Process, executor, InterpretProcess, poolSize, maxInFlight);
    }

    /// <summary>Failures that count against an upstream's health: it could not be reached, broke the protocol or was too slow.</summary>
    public static bool IsUpstreamFailure(Exception e) => e is ClamdProtocolException or SpamcProtocolException or RspamdProtocolException
        or TimeoutException or System.Net.Sockets.SocketException or IOException and not FileNotFoundException and not DirectoryNotFoundException;

    private static CheckKind Kind(string name, CheckExecutor executor, CheckInterpreter interpreter, int upstreams, int maxInFlight) =>
        new(name, () => executor, interpreter, TimeoutClass.Socket, Math.Max(1, upstreams), Math.Max(1, maxInFlight), CheckKind.NeverMerge);

    private static Interpretation InterpretClamd(object? answer, CheckSpec check)
    {
        var interpretation = ClamavInterpretation.FromScan((ClamdScanResult)answer!);
        return interpretation.Available ? interpretation : new UnusableAnswer(interpretation.Reason ?? "clamd could not scan");
    }

    private static Interpretation InterpretProcess(object? answer, CheckSpec check)
    {
        var r = (ProcessResult)answer!;
        var program = ((ProcessRun)check.Parameters).Options.FileName;
        if (r.Outcome != ProcessOutcome.Exited || r.Verdict == ExitVerdict.Error)
        {
            var detail = r.Error ?? (r.ExitCode is { } code ? $"exit code {code}" : r.Outcome.ToString());
            var stderr = FirstLine(r.Stderr);
            return new UnusableAnswer($"{program}: {detail}" + (stderr.Length > 0 ? ": " + stderr : ""));
        }
        var line = FirstLine(r.Stdout);
        return new ProcessInterpretation(r.ExitCode!.Value, r.Verdict, line.Length > 0 ? line : null, program);
    }

    private static string FirstLine(string text)
    {
        var span = text.AsSpan().Trim();
        var end = span.IndexOfAny('\r', '\n');
        return (end < 0 ? span : span[..end]).ToString();
    }

    private static SpamcCommand SpamcCommandOf(string verb) => verb.ToUpperInvariant() switch
    {
        "CHECK" => SpamcCommand.Check,
        "REPORT" => SpamcCommand.Report,
        "REPORT_IFSPAM" => SpamcCommand.ReportIfSpam,
        _ => SpamcCommand.Symbols,
    };
}
