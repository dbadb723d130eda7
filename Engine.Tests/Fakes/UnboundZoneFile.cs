using System.Text;
using System.Text.RegularExpressions;

namespace Sift.Engine.Tests.Fakes;

/// <summary>
/// Reads the <c>local-data</c> / <c>local-data-ptr</c> lines of an unbound config under
/// test-env/zones into an <see cref="InMemorySpfResolver"/>, so the scenarios that run against
/// the real unbound also run, in milliseconds, over the same data in memory.
/// </summary>
public static partial class UnboundZoneFile
{
    /// <summary>The path of a file under test-env/zones, found from the repository root.</summary>
    public static string PathOf(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "engine.sln")))
            {
                return Path.Combine(dir.FullName, "test-env", "zones", fileName);
            }
        }
        throw new FileNotFoundException($"no engine.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Loads A, AAAA, MX, TXT and PTR data.</summary>
    public static InMemorySpfResolver Load(string path)
    {
        var dns = new InMemorySpfResolver();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith("local-data-ptr:", StringComparison.Ordinal))
            {
                var parts = Unquote(line["local-data-ptr:".Length..]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                dns.Ptr(parts[0], parts[1]);
                continue;
            }
            if (!line.StartsWith("local-data:", StringComparison.Ordinal))
            {
                continue;
            }
            var match = Record().Match(Unquote(line["local-data:".Length..]));
            if (!match.Success)
            {
                throw new FormatException($"unreadable local-data line: {line}");
            }
            string name = match.Groups["name"].Value, type = match.Groups["type"].Value, data = match.Groups["data"].Value;
            switch (type)
            {
                case "A": dns.A(name, data); break;
                case "AAAA": dns.Aaaa(name, data); break;
                case "MX": dns.Mx(name, data.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]); break;
                case "TXT": dns.Txt(name, JoinCharacterStrings(data)); break;
                default: throw new FormatException($"record type {type} is not supported by the in-memory zone: {line}");
            }
        }
        return dns;
    }

    private static string Unquote(string text)
    {
        text = text.Trim();
        return text.Length >= 2 && (text[0] == '\'' || text[0] == '"') && text[^1] == text[0] ? text[1..^1] : text;
    }

    /// <summary>One TXT record's character-strings, concatenated as SPF and DMARC read them.</summary>
    private static string JoinCharacterStrings(string data)
    {
        var joined = new StringBuilder();
        foreach (Match m in CharacterString().Matches(data))
        {
            joined.Append(m.Groups[1].Value);
        }
        return joined.ToString();
    }

    [GeneratedRegex(@"^(?<name>\S+)\s+(?:\d+\s+)?(?:IN\s+)?(?<type>[A-Z]+)\s+(?<data>.*)$")]
    private static partial Regex Record();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex CharacterString();
}
