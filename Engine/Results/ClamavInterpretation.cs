using Sift.Protocols.Clamd;
using Sift.Protocols.Process;

namespace Sift.Engine.Results;

/// <summary>What a ClamAV check (clamd, or clamdscan as an external program) found.</summary>
/// <param name="Available">False when the scanner could not be asked or could not scan (then nothing is known).</param>
/// <param name="Virus">True when a signature matched.</param>
/// <param name="Name">The signature's name when <paramref name="Virus"/> is true.</param>
/// <param name="Reason">"virus NAME", or why the scanner was unavailable; null when clean.</param>
public sealed record ClamavInterpretation(bool Available, bool Virus, string? Name, string? Reason) : Interpretation
{
    /// <inheritdoc />
    public override bool Hit => Virus;

    /// <inheritdoc />
    public override string? Reason { get; } = Reason;

    /// <summary>Scanned, nothing found.</summary>
    public static ClamavInterpretation Clean { get; } = new(true, false, null, null);

    /// <summary>Scanned, a signature matched.</summary>
    public static ClamavInterpretation Found(string name) => new(true, true, name, "virus " + name);

    /// <summary>The scanner could not give an answer.</summary>
    public static ClamavInterpretation Unavailable(string reason) => new(false, false, null, reason);

    /// <summary>Interprets clamd's answer to SCAN or INSTREAM.</summary>
    public static ClamavInterpretation FromScan(ClamdScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            ClamdScanStatus.Clean => Clean,
            ClamdScanStatus.Virus => Found(result.VirusName!),
            ClamdScanStatus.SizeLimitExceeded => Unavailable("clamd: message larger than its StreamMaxLength"),
            _ => Unavailable("clamd: " + result.ErrorText),
        };
    }

    /// <summary>Interprets a run of <c>clamdscan</c> (exit 0 clean, 1 virus, 2+ error; the name from its
    /// <c>…: NAME FOUND</c> output line).</summary>
    public static ClamavInterpretation FromClamdscan(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome != ProcessOutcome.Exited) return Unavailable(result.Error ?? result.Outcome.ToString());
        return ExitCodeMap.Clamdscan.Map(result.ExitCode!.Value) switch
        {
            ExitVerdict.Clean => Clean,
            ExitVerdict.Hit => Found(FoundName(result.Stdout) ?? "unknown"),
            _ => Unavailable($"clamdscan exited with {result.ExitCode}: {FirstLine(result.Stderr.Length > 0 ? result.Stderr : result.Stdout)}"),
        };
    }

    /// <summary>The name in the first <c>…: NAME FOUND</c> line of clamdscan's output, if any.</summary>
    public static string? FoundName(string output)
    {
        foreach (var line in output.AsSpan().EnumerateLines())
        {
            if (line.EndsWith(" FOUND", StringComparison.Ordinal)
                && ClamdReader.TryParseScanReply(line.ToString(), out var parsed) && parsed.IsVirus)
            {
                return parsed.VirusName;
            }
        }
        return null;
    }

    private static string FirstLine(string text)
    {
        var span = text.AsSpan().Trim();
        var newline = span.IndexOfAny('\r', '\n');
        return (newline < 0 ? span : span[..newline]).ToString();
    }
}
