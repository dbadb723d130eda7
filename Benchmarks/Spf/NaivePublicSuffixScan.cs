
namespace Sift.Benchmarks.Spf;

/// <summary>
/// The obvious implementation, kept only as a baseline: for each name, test every rule of the
/// list for a label-aligned suffix match and keep the longest (exceptions win).
/// </summary>
internal sealed class NaivePublicSuffixScan
{
    private readonly List<(string Rule, bool Wildcard, bool Exception)> _rules = [];

    public static NaivePublicSuffixScan Embedded()
    {
        var assembly = typeof(Sift.Protocols.Dmarc.PublicSuffixList).Assembly;
        using var stream = assembly.GetManifestResourceStream("Sift.Protocols.Dmarc.public_suffix_list.dat")!;
        using var reader = new StreamReader(stream);
        var scan = new NaivePublicSuffixScan();
        while (reader.ReadLine() is { } line)
        {
            var rule = line.Trim();
            if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            rule = rule.Split(' ', '\t')[0].ToLowerInvariant();
            bool exception = rule[0] == '!';
            bool wildcard = rule.StartsWith("*.", StringComparison.Ordinal);
            scan._rules.Add((exception ? rule[1..] : wildcard ? rule[2..] : rule, wildcard, exception));
        }
        return scan;
    }

    public string? GetOrganizationalDomain(string name)
    {
        name = name.ToLowerInvariant();
        var labels = name.Split('.');
        int best = 1;
        int exception = -1;
        foreach (var (rule, wildcard, isException) in _rules)
        {
            if (!(name == rule || name.EndsWith("." + rule, StringComparison.Ordinal)))
            {
                continue;
            }
            int ruleLabels = rule.Split('.').Length;
            if (isException)
            {
                exception = ruleLabels - 1;
            }
            else if (wildcard && labels.Length > ruleLabels)
            {
                best = Math.Max(best, ruleLabels + 1);
            }
            else if (!wildcard)
            {
                best = Math.Max(best, ruleLabels);
            }
        }
        int suffix = exception >= 0 ? exception : best;
        return suffix >= labels.Length ? name : string.Join('.', labels[^(suffix + 1)..]);
    }
}
