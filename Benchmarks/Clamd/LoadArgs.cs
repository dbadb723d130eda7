namespace Sift.Benchmarks.Clamd;

/// <summary>Reads <c>--name value</c> pairs of a load tool's command line.</summary>
internal sealed class LoadArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public LoadArgs(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --name value, got '{args[i]}'");
            _values[args[i][2..]] = args[i + 1];
        }
    }

    public string Get(string name) => _values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
