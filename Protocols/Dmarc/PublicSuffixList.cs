using System.Globalization;
using System.Reflection;

namespace Sift.Protocols.Dmarc;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/) and its algorithm: normal rules,
/// wildcards (<c>*.ck</c>), exceptions (<c>!www.ck</c>), the implicit <c>*</c> rule, and the
/// ICANN/private sections. Lookups allocate nothing but the returned string. Immutable and
/// thread-safe once built.
/// </summary>
public sealed partial class PublicSuffixList
{
    /// <summary>Where Debian's <c>publicsuffix</c> package installs the list.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private const string ResourceName = "Sift.Protocols.Dmarc.public_suffix_list.dat";
    private const int MaxDomainLength = 253;

    private static readonly Lazy<PublicSuffixList> s_default = new(() => Load());

    private readonly Dictionary<string, RuleFlags> _rules;
    private readonly Dictionary<string, RuleFlags>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private PublicSuffixList(Dictionary<string, RuleFlags> rules, int ruleCount, string source)
    {
        _rules = rules;
        _lookup = rules.GetAlternateLookup<ReadOnlySpan<char>>();
        RuleCount = ruleCount;
        Source = source;
    }

    /// <summary>The system list when installed, else the copy shipped in this assembly; loaded once.</summary>
    public static PublicSuffixList Default => s_default.Value;

    /// <summary>Where the rules came from: a file path or "embedded".</summary>
    public string Source { get; }

    /// <summary>Rules read (each rule counted once, whatever its forms).</summary>
    public int RuleCount { get; }

    /// <summary>Loads <paramref name="path"/> when it exists and parses, else the embedded copy.</summary>
    /// <param name="path">The list to prefer; Debian's location by default.</param>
    public static PublicSuffixList Load(string? path = DebianPath)
    {
        if (path is not null && File.Exists(path))
        {
            try
            {
                using var reader = File.OpenText(path);
                var list = Parse(reader, path);
                if (list.RuleCount > 0)
                {
                    return list;
                }
            }
            catch (IOException)
            {
                // Unreadable: the embedded copy is the fallback.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return Embedded();
    }

    /// <summary>The copy of the list shipped as a resource of this assembly.</summary>
    public static PublicSuffixList Embedded()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from {typeof(PublicSuffixList).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader, "embedded");
    }

    /// <summary>Parses list text: one rule per line (up to the first white space), <c>//</c> comments, section markers.</summary>
    /// <param name="reader">The list.</param>
    /// <param name="source">A name for <see cref="Source"/>.</param>
    public static PublicSuffixList Parse(TextReader reader, string source = "text")
    {
        var rules = new Dictionary<string, RuleFlags>(StringComparer.Ordinal);
        bool isPrivate = false;
        int count = 0;
        var idn = new IdnMapping();
        while (reader.ReadLine() is { } line)
        {
            var text = line.AsSpan().Trim();
            if (text.StartsWith("//"))
            {
                if (text.Contains("===BEGIN PRIVATE DOMAINS===", StringComparison.Ordinal))
                {
                    isPrivate = true;
                }
                else if (text.Contains("===BEGIN ICANN DOMAINS===", StringComparison.Ordinal))
                {
                    isPrivate = false;
                }
                continue;
            }
            int space = text.IndexOfAny(' ', '\t');
            var rule = space < 0 ? text : text[..space];
            if (rule.IsEmpty)
            {
                continue;
            }
            RuleFlags kind = RuleFlags.Normal;
            if (rule[0] == '!')
            {
                kind = RuleFlags.Exception;
                rule = rule[1..];
            }
            else if (rule.StartsWith("*."))
            {
                kind = RuleFlags.Wildcard;
                rule = rule[2..];
            }
            if (rule.IsEmpty || rule.Contains('*'))
            {
                continue; // wildcards only in the leftmost position are defined
            }
            var flag = isPrivate ? (RuleFlags)((int)kind << 3) : kind;
            var lower = rule.ToString().ToLowerInvariant();
            Add(rules, lower, flag);
            if (TryAscii(idn, lower, out var ascii) && ascii != lower)
            {
                Add(rules, ascii, flag);
            }
            count++;
        }
        return new PublicSuffixList(rules, count, source);
    }

    private static void Add(Dictionary<string, RuleFlags> rules, string key, RuleFlags flag)
        => rules[key] = rules.TryGetValue(key, out var existing) ? existing | flag : flag;

    private static bool TryAscii(IdnMapping idn, string name, out string ascii)
    {
        foreach (char c in name)
        {
            if (c > 0x7F)
            {
                try
                {
                    ascii = idn.GetAscii(name);
                    return true;
                }
                catch (ArgumentException)
                {
                    break;
                }
            }
        }
        ascii = name;
        return false;
    }

    /// <summary>Which rule kinds a key stands for; the private-section kinds are the ICANN ones shifted by 3.</summary>
    [Flags]
    private enum RuleFlags : byte
    {
        Normal = 1,
        Wildcard = 2,
        Exception = 4,
        NormalPrivate = 8,
        WildcardPrivate = 16,
        ExceptionPrivate = 32,
    }
}
