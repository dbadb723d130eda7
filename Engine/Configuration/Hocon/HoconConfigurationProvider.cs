using Microsoft.Extensions.Configuration;

namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Exposes a resolved HOCON tree to <c>Microsoft.Extensions.Configuration</c>: <c>a { b = 1 }</c>
/// becomes the key <c>a:b</c>, array elements become <c>a:0</c>, <c>a:1</c>…; values are the text as
/// written (<c>"5s"</c>), turned into <see cref="TimeSpan"/> and sizes by <see cref="HoconTypeConverters"/>.
/// </summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider
{
    private readonly Func<HoconObject> _load;

    /// <summary>Creates a provider that calls <paramref name="load"/> (which parses and resolves) on every load.</summary>
    public HoconConfigurationProvider(Func<HoconObject> load) => _load = load;

    /// <inheritdoc />
    /// <exception cref="HoconException">The document does not parse or resolve.</exception>
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(_load(), null, data);
        Data = data;
    }

    /// <summary>Adds every leaf of <paramref name="value"/> to <paramref name="data"/> under <paramref name="prefix"/>.</summary>
    public static void Flatten(HoconValue value, string? prefix, IDictionary<string, string?> data)
    {
        switch (value)
        {
            case HoconObject o:
                foreach (var (key, child) in o.Fields)
                {
                    Flatten(child, prefix is null ? key : ConfigurationPath.Combine(prefix, key), data);
                }
                break;
            case HoconArray a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    Flatten(a.Items[i], ConfigurationPath.Combine(prefix ?? "", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), data);
                }
                break;
            case HoconScalar { Kind: HoconScalarKind.Null }:
                data[prefix ?? ""] = null;
                break;
            case HoconScalar s:
                data[prefix ?? ""] = s.Text;
                break;
        }
    }
}

/// <summary>A configuration source backed by a HOCON document.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>Creates a source whose provider calls <paramref name="load"/> to get the resolved tree.</summary>
    public HoconConfigurationSource(Func<HoconObject> load) => Load = load;

    /// <summary>Parses and resolves the document.</summary>
    public Func<HoconObject> Load { get; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        HoconTypeConverters.Register();
        return new HoconConfigurationProvider(Load);
    }
}

/// <summary><c>AddHoconFile</c> and <c>AddHoconString</c> for <see cref="IConfigurationBuilder"/>.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file, resolved on its own (its includes relative to its folder; the environment as fallback).</summary>
    /// <exception cref="HoconException">When the configuration is built: the file is missing (unless optional), bad or unresolvable.</exception>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HoconConfigurationSource(() =>
            optional && !File.Exists(path)
                ? new HoconObject(new HoconPosition(path, 1, 1))
                : HoconReader.Resolve(HoconReader.ParseFile(path))));
    }

    /// <summary>Adds HOCON text; <paramref name="name"/> labels it in error messages.</summary>
    /// <exception cref="HoconException">When the configuration is built: the text is bad or unresolvable.</exception>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string name = HoconReader.StringSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HoconConfigurationSource(() => HoconReader.Load(text, name)));
    }
}
