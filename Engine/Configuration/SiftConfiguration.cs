using System.Collections;
using Microsoft.Extensions.Configuration;
using Sift.Engine.Configuration.Hocon;

namespace Sift.Engine.Configuration;

/// <summary>
/// Loads Sift's configuration: the user's HOCON file merged over the reference.conf embedded
/// in this assembly, resolved as one document, checked against the reference, then
/// environment overrides, then bound to <see cref="SiftOptions"/>.
/// </summary>
/// <remarks>
/// Environment overrides: <c>SIFT__ENGINE__MAX_CONCURRENCY=20</c> sets
/// <c>sift.engine.max-concurrency</c> (double underscores separate path elements, single
/// underscores stand for dashes, names are lower-cased). Durations and sizes bind into
/// <see cref="TimeSpan"/> and <see cref="long"/> through <see cref="HoconTypeConverters"/>.
/// </remarks>
public static class SiftConfiguration
{
    /// <summary>The name of the embedded reference.conf resource.</summary>
    public const string ReferenceResourceName = "Sift.Engine.reference.conf";

    /// <summary>The file label of the embedded reference in positions and messages.</summary>
    public const string ReferenceFileName = "reference.conf";

    /// <summary>Prefix of environment variables that override settings.</summary>
    public const string EnvironmentPrefix = "SIFT__";

    /// <summary>The text of the embedded reference.conf.</summary>
    public static string ReferenceText()
    {
        using var stream = typeof(SiftConfiguration).Assembly.GetManifestResourceStream(ReferenceResourceName)
            ?? throw new InvalidOperationException($"the resource {ReferenceResourceName} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The reference alone, resolved.</summary>
    public static HoconObject Reference() => HoconReader.Resolve(HoconReader.Parse(ReferenceText(), ReferenceFileName));

    /// <summary>Parses <paramref name="userFile"/> (if any) over the reference (unless <paramref name="withDefaults"/> is false) and resolves the result.</summary>
    /// <exception cref="HoconException">The file cannot be read, parsed or resolved.</exception>
    public static HoconObject Resolve(string? userFile, bool withDefaults = true, Func<string, string?>? environment = null)
    {
        var root = withDefaults
            ? HoconReader.Parse(ReferenceText(), ReferenceFileName)
            : new HoconObject(new HoconPosition(userFile ?? HoconReader.StringSource, 1, 1));
        if (userFile is not null)
        {
            HoconReader.Merge(root, HoconReader.ParseFile(userFile));
        }
        return HoconReader.Resolve(root, environment);
    }

    /// <summary>Every problem in <paramref name="userFile"/>: syntax, includes, substitutions, unknown keys, wrong types.</summary>
    public static IReadOnlyList<ConfigurationDiagnostic> Check(string userFile, Func<string, string?>? environment = null)
    {
        try
        {
            return new ConfigurationChecker(Reference()).Check(Resolve(userFile, true, environment));
        }
        catch (HoconException e)
        {
            return [ConfigurationDiagnostic.From(e)];
        }
    }

    /// <summary>Loads, checks and binds the configuration.</summary>
    /// <param name="userFile">The user's file, or null for the reference alone.</param>
    /// <param name="environment">Variables for substitutions and overrides; default: the process environment.</param>
    /// <exception cref="SiftConfigurationException">Any problem, each as <c>file:line:column: what</c>.</exception>
    public static (IConfiguration Configuration, SiftOptions Options) Load(string? userFile, IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        Func<string, string?> lookup = name => environment[name] as string;
        HoconObject resolved;
        try
        {
            resolved = Resolve(userFile, true, lookup);
        }
        catch (HoconException e)
        {
            throw new SiftConfigurationException([ConfigurationDiagnostic.From(e)]);
        }
        var problems = new ConfigurationChecker(Reference()).Check(resolved);
        if (problems.Count > 0)
        {
            throw new SiftConfigurationException(problems);
        }
        var configuration = new ConfigurationBuilder()
            .Add(new HoconConfigurationSource(() => resolved))
            .AddInMemoryCollection(EnvironmentOverrides(environment))
            .Build();
        var options = new SiftOptions();
        try
        {
            configuration.GetSection("sift").Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new SiftConfigurationException($"{userFile ?? ReferenceFileName}: {e.Message} {e.InnerException?.Message}", e);
        }
        return (configuration, options);
    }

    /// <summary>Maps <c>SIFT__A__B_C=v</c> to the key <c>sift:a:b-c</c>.</summary>
    public static Dictionary<string, string?> EnvironmentOverrides(IDictionary environment)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var path = name[EnvironmentPrefix.Length..].Split("__", StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.ToLowerInvariant().Replace('_', '-'));
                result[ConfigurationPath.Combine(["sift", .. path])] = entry.Value as string;
            }
        }
        return result;
    }
}
