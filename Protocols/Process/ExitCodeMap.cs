using System.Collections.Frozen;

namespace Sift.Protocols.Process;

/// <summary>What a program's exit code means for the check that ran it.</summary>
public enum ExitVerdict
{
    /// <summary>The program judged the content clean.</summary>
    Clean,
    /// <summary>The program found what it looks for (a virus, spam…).</summary>
    Hit,
    /// <summary>The program failed, or did not run to its end.</summary>
    Error,
}

/// <summary>Maps exit codes to verdicts, per configured program.</summary>
public sealed class ExitCodeMap
{
    private readonly FrozenDictionary<int, ExitVerdict> _codes;

    /// <summary>Creates a map: listed codes map as given, every other code to <paramref name="otherwise"/>.</summary>
    public ExitCodeMap(IReadOnlyDictionary<int, ExitVerdict> codes, ExitVerdict otherwise = ExitVerdict.Error)
    {
        ArgumentNullException.ThrowIfNull(codes);
        _codes = codes.ToFrozenDictionary();
        Otherwise = otherwise;
    }

    /// <summary>The verdict of an unlisted code.</summary>
    public ExitVerdict Otherwise { get; }

    /// <summary>clamdscan: 0 clean, 1 virus found, 2 and above an error.</summary>
    public static ExitCodeMap Clamdscan { get; } = new(new Dictionary<int, ExitVerdict>
    {
        [0] = ExitVerdict.Clean,
        [1] = ExitVerdict.Hit,
    });

    /// <summary>The Unix convention: 0 clean, anything else an error.</summary>
    public static ExitCodeMap ZeroIsClean { get; } = new(new Dictionary<int, ExitVerdict> { [0] = ExitVerdict.Clean });

    /// <summary>The verdict for one exit code.</summary>
    public ExitVerdict Map(int exitCode) => _codes.TryGetValue(exitCode, out var verdict) ? verdict : Otherwise;
}
