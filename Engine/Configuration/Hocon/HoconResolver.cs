namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// Resolves substitutions against the whole document and combines stacked definitions,
/// producing a new tree of objects, arrays and scalars.
/// </summary>
/// <remarks>
/// Paths are followed through object literals without resolving them as a whole, so
/// <c>a { x = 1, y = ${a.x} }</c> works. A substitution that names the field being defined
/// (or something below it) looks backward, at the definitions before this one: that is how
/// <c>path = ${path} ":/opt/bin"</c> and <c>+=</c> work. Anything else that loops back to a
/// field still being resolved is a cycle. A path absent from the document is looked up as an
/// environment variable of the same name.
/// </remarks>
internal sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly Func<string, string?> _environment;
    private int _depth;

    private HoconResolver(HoconObject root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    public static HoconObject Resolve(HoconObject root, Func<string, string?> environment) =>
        new HoconResolver(root, environment).ResolveObject(root, []);

    private void Enter(HoconPosition at)
    {
        if (++_depth > HoconLimits.MaxResolveDepth)
        {
            throw new HoconException(HoconErrorReason.SubstitutionTooDeep, at,
                $"substitutions and objects nested deeper than {HoconLimits.MaxResolveDepth} while resolving");
        }
    }

    private HoconObject ResolveObject(HoconObject obj, string[]? path)
    {
        Enter(obj.Position);
        var result = new HoconObject(obj.Position);
        foreach (var (key, field) in obj.RawFields)
        {
            if (field.State == FieldState.Pending && field.Layers is [HoconScalar only])
            {
                // A plain value needs neither its path nor the resolution machinery.
                field.Resolved = only;
                field.State = FieldState.Resolved;
            }
            else
            {
                ResolveField(field, path is null ? null : [.. path, key]);
            }
            if (field.State == FieldState.Resolved)
            {
                result.SetResolved(key, field.Resolved!, field.KeyPosition);
            }
        }
        _depth--;
        return result;
    }

    private void ResolveField(HoconField field, string[]? path)
    {
        if (field.State is FieldState.Resolved or FieldState.Undefined)
        {
            return;
        }
        var last = field.Layers[^1];
        if (field.State == FieldState.Resolving)
        {
            var name = path is null ? "a value" : $"'{HoconPath.Render(path)}'";
            throw new HoconException(HoconErrorReason.SubstitutionCycle, last.Position, $"substitution cycle: {name} depends on itself");
        }
        Enter(last.Position);
        field.State = FieldState.Resolving;
        HoconValue? value = null;
        foreach (var layer in field.Layers)
        {
            var next = ResolveValue(layer, path, value);
            if (next is not null)
            {
                value = value is HoconObject before && next is HoconObject after ? Merge(before, after) : next;
            }
        }
        field.Resolved = value;
        field.State = value is null ? FieldState.Undefined : FieldState.Resolved;
        _depth--;
    }

    /// <summary>Resolves one definition; <paramref name="prior"/> is what the earlier definitions of the same field gave.</summary>
    private HoconValue? ResolveValue(HoconValue value, string[]? path, HoconValue? prior) => value switch
    {
        HoconScalar => value,
        HoconObject o => ResolveObject(o, path),
        HoconArray a => ResolveArray(a),
        HoconSubstitution s => Substitute(s, path, prior),
        HoconConcatenation c => Concatenate(c, path, prior),
        _ => throw new InvalidOperationException($"unexpected node {value.GetType().Name}"),
    };

    private HoconArray ResolveArray(HoconArray array)
    {
        Enter(array.Position);
        var items = new List<HoconValue>(array.Items.Count);
        foreach (var item in array.Items)
        {
            if (ResolveValue(item, null, null) is { } resolved)
            {
                items.Add(resolved);
            }
        }
        _depth--;
        return new HoconArray(items, array.Position);
    }

    private HoconValue? Substitute(HoconSubstitution s, string[]? path, HoconValue? prior)
    {
        HoconValue? found;
        if (path is not null && StartsWith(s.Path, path))
        {
            found = prior is null ? null : Descend(prior, s.Path.AsSpan(path.Length));
        }
        else
        {
            found = Lookup(s.Path);
            if (found is null && s.FallbackPath is not null)
            {
                found = Lookup(s.FallbackPath);
            }
        }
        // An environment variable set to the empty string counts as absent, as the specification says.
        if (found is null && _environment(s.Expression) is { Length: > 0 } env)
        {
            found = new HoconScalar(HoconScalarKind.String, env, s.Position);
        }
        if (found is null && !s.Optional)
        {
            throw new HoconException(HoconErrorReason.UnresolvedSubstitution, s.Position,
                $"'${{{s.Expression}}}' is not defined (neither a setting nor an environment variable)");
        }
        return found;
    }

    private static bool StartsWith(string[] path, string[] prefix)
    {
        if (path.Length < prefix.Length)
        {
            return false;
        }
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Finds a path from the root, resolving only the fields on the way that need it.</summary>
    private HoconValue? Lookup(string[] keys)
    {
        var node = _root;
        for (var i = 0; i < keys.Length; i++)
        {
            if (!node.TryGetField(keys[i], out var field))
            {
                return null;
            }
            var isLast = i == keys.Length - 1;
            if (!isLast && field.State != FieldState.Resolved && field.Layers is [HoconObject literal])
            {
                node = literal;
                continue;
            }
            ResolveField(field, keys[..(i + 1)]);
            return field.State == FieldState.Resolved ? Descend(field.Resolved!, keys.AsSpan(i + 1)) : null;
        }
        return node;
    }

    private static HoconValue? Descend(HoconValue value, ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (value is not HoconObject o || !o.TryGetValue(key, out value))
            {
                return null;
            }
        }
        return value;
    }

    private HoconValue? Concatenate(HoconConcatenation c, string[]? path, HoconValue? prior)
    {
        var parts = new List<HoconValue>(c.Parts.Count);
        foreach (var part in c.Parts)
        {
            var resolved = ResolveValue(part, path, prior);
            if (part is HoconSubstitution && resolved is HoconScalar { Kind: HoconScalarKind.Null })
            {
                // A substitution that gives null is the empty string inside a concatenation (a written null is "null").
                resolved = new HoconScalar(HoconScalarKind.String, "", resolved.Position);
            }
            if (resolved is not null)
            {
                parts.Add(resolved);
            }
        }
        var solid = parts.Where(p => p is not HoconScalar { IsWhitespace: true }).ToList();
        if (solid.Count == 0)
        {
            return null;
        }
        if (solid.Any(p => p is HoconObject))
        {
            return solid.Aggregate((a, b) => Merge(Expect<HoconObject>(a, "an object"), Expect<HoconObject>(b, "an object")));
        }
        if (solid.Any(p => p is HoconArray))
        {
            var items = solid.SelectMany(p => Expect<HoconArray>(p, "an array").Items).ToList();
            return new HoconArray(items, c.Position);
        }
        return new HoconScalar(HoconScalarKind.String, string.Concat(parts.Select(p => ((HoconScalar)p).Text)), c.Position);
    }

    private static T Expect<T>(HoconValue value, string what) where T : HoconValue =>
        value as T ?? throw new HoconException(HoconErrorReason.InvalidConcatenation, value.Position,
            $"cannot concatenate {Kind(value)} with {what}");

    private static string Kind(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconScalar { Kind: HoconScalarKind.Null } => "null",
        _ => "a string",
    };

    /// <summary>Merges two resolved objects; keys of <paramref name="over"/> win, nested objects merge.</summary>
    internal static HoconObject Merge(HoconObject under, HoconObject over)
    {
        var result = new HoconObject(over.Position);
        foreach (var (key, value) in under.Fields)
        {
            result.SetResolved(key, value, under.KeyPosition(key));
        }
        foreach (var (key, value) in over.Fields)
        {
            result.SetResolved(key,
                value is HoconObject o && result.TryGetValue(key, out var old) && old is HoconObject u ? Merge(u, o) : value,
                over.KeyPosition(key));
        }
        return result;
    }
}
