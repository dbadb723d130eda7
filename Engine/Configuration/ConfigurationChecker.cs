using Sift.Engine.Configuration.Hocon;

namespace Sift.Engine.Configuration;

/// <summary>
/// Checks a resolved configuration against reference.conf used as the schema: a key the
/// reference does not have is unknown, a value whose type differs from the reference's
/// (duration, size, number, boolean, string, list, object) is wrong. The reference says, under
/// <c>sift.config</c>, which paths are free-form and which ones hold entries shaped like a template.
/// Only the <c>sift</c> subtree is checked; other top-level keys belong to the user.
/// </summary>
public sealed class ConfigurationChecker
{
    private readonly HoconObject _reference;
    private readonly HashSet<string> _freeForm;
    private readonly Dictionary<string, HoconValue> _templates = new(StringComparer.Ordinal);
    private readonly List<ConfigurationDiagnostic> _found = [];

    /// <summary>Creates a checker from the resolved reference.</summary>
    public ConfigurationChecker(HoconObject reference)
    {
        _reference = reference;
        _freeForm = (reference.Find(["sift", "config", "free-form"]) as HoconArray)?.Items
            .OfType<HoconScalar>().Select(s => s.Text).ToHashSet(StringComparer.Ordinal) ?? [];
        if (reference.Find(["sift", "config", "templates"]) is HoconObject templates)
        {
            foreach (var (path, target) in templates.Fields)
            {
                if (target is HoconScalar s && reference.Find(s.Text.Split('.')) is { } template)
                {
                    _templates[path] = template;
                }
            }
        }
    }

    /// <summary>Every problem in <paramref name="config"/> (a resolved tree, usually the user's file merged over the reference).</summary>
    public IReadOnlyList<ConfigurationDiagnostic> Check(HoconObject config)
    {
        _found.Clear();
        // Keys outside `sift` are the user's own (helpers for substitutions, other libraries).
        if (config.TryGetValue("sift", out var sift) && _reference.TryGetValue("sift", out var expected))
        {
            Compare(sift, expected, "sift");
        }
        return [.. _found.OrderBy(d => d.Position.File, StringComparer.Ordinal).ThenBy(d => d.Position.Line).ThenBy(d => d.Position.Column)];
    }

    private void Compare(HoconValue value, HoconValue expected, string path)
    {
        if (_freeForm.Contains(path))
        {
            return;
        }
        if (_templates.TryGetValue(path, out var template))
        {
            CompareEntries(value, expected, template, path);
            return;
        }
        switch (expected)
        {
            case HoconObject e:
                if (value is not HoconObject o)
                {
                    Wrong(value, path, "an object");
                    return;
                }
                foreach (var (key, child) in o.Fields)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (e.TryGetValue(key, out var expectedChild))
                    {
                        Compare(child, expectedChild, childPath);
                    }
                    else
                    {
                        _found.Add(new(o.KeyPosition(key) ?? child.Position, $"unknown key '{childPath}' (not in reference.conf)"));
                    }
                }
                break;
            case HoconArray:
                if (value is not HoconArray)
                {
                    Wrong(value, path, "a list");
                }
                break;
            case HoconScalar s:
                CompareScalar(value, Classify(s), path);
                break;
        }
    }

    /// <summary>A path whose entries (object fields or list elements) each follow a template.</summary>
    private void CompareEntries(HoconValue value, HoconValue expected, HoconValue template, string path)
    {
        IEnumerable<(string Name, HoconValue Entry)> entries = value switch
        {
            HoconObject o when expected is HoconObject => o.Fields.Select(f => (f.Key, f.Value)),
            HoconArray a when expected is HoconArray => a.Items.Select((v, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), v)),
            _ => [],
        };
        if (value.GetType() != expected.GetType())
        {
            Wrong(value, path, expected is HoconArray ? "a list" : "an object");
            return;
        }
        foreach (var (name, entry) in entries)
        {
            Compare(entry, template, $"{path}.{name}");
        }
    }

    private enum ValueType { Any, Duration, Size, Number, Boolean, String }

    private static ValueType Classify(HoconScalar s) => s.Kind switch
    {
        HoconScalarKind.Null => ValueType.Any,
        HoconScalarKind.Number => ValueType.Number,
        HoconScalarKind.Boolean => ValueType.Boolean,
        _ when s.Text.Length > 0 && char.IsAsciiDigit(s.Text[0]) && HoconDuration.TryParse(s.Text, out _) => ValueType.Duration,
        _ when s.Text.Length > 0 && char.IsAsciiDigit(s.Text[0]) && HoconSize.TryParse(s.Text, out _) => ValueType.Size,
        _ => ValueType.String,
    };

    private void CompareScalar(HoconValue value, ValueType expected, string path)
    {
        if (expected == ValueType.Any)
        {
            return;
        }
        if (value is not HoconScalar s || s.Kind == HoconScalarKind.Null)
        {
            Wrong(value, path, Describe(expected));
            return;
        }
        var ok = expected switch
        {
            ValueType.Duration => HoconDuration.TryParse(s.Text, out _),
            ValueType.Size => HoconSize.TryParse(s.Text, out _),
            ValueType.Number => s.Kind == HoconScalarKind.Number,
            ValueType.Boolean => s.Kind == HoconScalarKind.Boolean || s.Text is "true" or "false",
            _ => true,
        };
        if (ok)
        {
            return;
        }
        var message = expected switch
        {
            ValueType.Duration => $"'{path}' = '{s.Text}' is not a duration (write e.g. 5s, 250ms, 2m)",
            ValueType.Size => $"'{path}' = '{s.Text}' is not a size (write e.g. 50M, 64K, 10MB)",
            _ => null,
        };
        if (message is null)
        {
            Wrong(value, path, Describe(expected));
        }
        else
        {
            _found.Add(new(value.Position, message));
        }
    }

    private void Wrong(HoconValue value, string path, string expected) =>
        _found.Add(new(value.Position, $"'{path}' should be {expected}, not {Describe(value)}"));

    private static string Describe(ValueType t) => t switch
    {
        ValueType.Duration => "a duration",
        ValueType.Size => "a size",
        ValueType.Number => "a number",
        ValueType.Boolean => "a boolean",
        _ => "a string",
    };

    private static string Describe(HoconValue v) => v switch
    {
        HoconObject => "an object",
        HoconArray => "a list",
        HoconScalar { Kind: HoconScalarKind.Number } => "a number",
        HoconScalar { Kind: HoconScalarKind.Boolean } => "a boolean",
        HoconScalar { Kind: HoconScalarKind.Null } => "null",
        _ => "a string",
    };
}
