using Sift.Protocols.Dmarc;

namespace Sift.Engine.Results;

/// <summary>
/// An interpreted DMARC check (the <c>dmarc</c> check kind): the published record's tags, and,
/// when the message was evaluated, the result and disposition. <see cref="Hit"/> is true only
/// for an evaluated fail whose disposition is quarantine or reject.
/// </summary>
/// <param name="HasDmarc">True when a usable record was found.</param>
/// <param name="P">The p tag: none, quarantine, reject; null without a record.</param>
/// <param name="Sp">The sp tag (p when absent).</param>
/// <param name="Np">The np tag, or null.</param>
/// <param name="Pct">The pct tag, 0–100.</param>
/// <param name="Rua">The rua URIs.</param>
/// <param name="Ruf">The ruf URIs.</param>
/// <param name="Adkim">r or s.</param>
/// <param name="Aspf">r or s.</param>
/// <param name="Fo">The fo options.</param>
/// <param name="Ri">The ri interval in seconds.</param>
/// <param name="Record">The raw record text, or null.</param>
/// <param name="PolicyDomain">The domain whose record applied (the From domain or its Organizational Domain).</param>
/// <param name="Result">The evaluated result, or null when only the record was looked up.</param>
/// <param name="Disposition">The policy to apply after pct sampling, or null.</param>
/// <param name="Detail">Why: the evaluation's reason or the discovery problem.</param>
public sealed record DmarcInterpretation(
    bool HasDmarc, string? P, string? Sp, string? Np, int Pct, IReadOnlyList<string> Rua, IReadOnlyList<string> Ruf,
    string Adkim, string Aspf, string Fo, uint Ri, string? Record, string? PolicyDomain,
    DmarcResult? Result, DmarcPolicy? Disposition, string? Detail) : Interpretation
{
    /// <inheritdoc />
    public override bool Hit => Result == DmarcResult.Fail && Disposition is DmarcPolicy.Quarantine or DmarcPolicy.Reject;

    /// <inheritdoc />
    public override string? Reason => Hit ? $"DMARC fail, policy {DmarcRecord.PolicyName(Disposition!.Value)}: {Detail}" : null;

    /// <summary>Interprets a discovery alone (<c>md_get_dmarc_record</c> semantics).</summary>
    /// <param name="lookup">The discovery.</param>
    public static DmarcInterpretation From(DmarcLookup lookup) => Build(lookup, null, null, lookup.Problem);

    /// <summary>Interprets an evaluated message.</summary>
    /// <param name="evaluation">The evaluation.</param>
    public static DmarcInterpretation From(DmarcEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return Build(evaluation.Lookup, evaluation.Result, evaluation.Result == DmarcResult.Fail ? evaluation.Disposition : null,
            evaluation.Reason);
    }

    private static DmarcInterpretation Build(DmarcLookup lookup, DmarcResult? result, DmarcPolicy? disposition, string? detail)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var record = lookup.Record;
        if (record is null)
        {
            return new DmarcInterpretation(false, null, null, null, 100, [], [], "r", "r", "0", 86400, lookup.RawRecord,
                lookup.PolicyDomain, result, disposition, detail);
        }
        return new DmarcInterpretation(true,
            DmarcRecord.PolicyName(record.Policy), DmarcRecord.PolicyName(record.SubdomainPolicy),
            record.NonExistentSubdomainPolicy is { } np ? DmarcRecord.PolicyName(np) : null,
            record.Percent, record.AggregateReportUris, record.FailureReportUris,
            DmarcRecord.AlignmentName(record.DkimAlignment), DmarcRecord.AlignmentName(record.SpfAlignment),
            record.FailureOptions, record.ReportInterval, record.Text, lookup.PolicyDomain, result, disposition, detail);
    }
}
