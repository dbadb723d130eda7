using Sift.Protocols.Process;

namespace Sift.Engine.Results;

/// <summary>The answer of a generic <c>dns</c> check: the records of the asked type at the name.</summary>
/// <param name="Name">The name asked.</param>
/// <param name="Type">The record type asked.</param>
/// <param name="Exists">False for NXDOMAIN.</param>
/// <param name="Records">The records of the asked type in presentation form (CNAMEs followed).</param>
public sealed record DnsRecordsInterpretation(string Name, string Type, bool Exists, IReadOnlyList<string> Records) : Interpretation
{
    /// <summary>True when the name has records of the type (the check's weight applies to their presence).</summary>
    public override bool Hit => Records.Count > 0;

    /// <inheritdoc />
    public override string? Reason => Hit ? $"{Name} {Type}: {string.Join(", ", Records.Take(4))}" : null;

    /// <inheritdoc />
    public bool Equals(DnsRecordsInterpretation? other) =>
        other is not null && Name == other.Name && Type == other.Type && Exists == other.Exists && Records.SequenceEqual(other.Records);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type, Exists, Records.Count);
}

/// <summary>The answer of a <c>process</c> check: the exit code mapped by the check's exit-code table.</summary>
/// <param name="ExitCode">The program's exit code.</param>
/// <param name="Verdict">What the code means: clean or hit (errors are check errors, never interpretations).</param>
/// <param name="Output">The first line of standard output, if any.</param>
/// <param name="Program">The program run.</param>
public sealed record ProcessInterpretation(int ExitCode, ExitVerdict Verdict, string? Output, string Program) : Interpretation
{
    /// <inheritdoc />
    public override bool Hit => Verdict == ExitVerdict.Hit;

    /// <inheritdoc />
    public override string? Reason => Hit ? $"{Program} exited with {ExitCode}" + (Output is { Length: > 0 } o ? ": " + o : "") : null;
}
