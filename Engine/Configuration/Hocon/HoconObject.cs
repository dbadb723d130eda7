namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// An object: keys in the order they were first written. Before resolution a key may hold
/// several definitions (a later one overrides or, for objects, merges with an earlier one);
/// after resolution it holds exactly one value.
/// </summary>
public sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconField> _fields = new(StringComparer.Ordinal);

    /// <summary>Creates an empty object.</summary>
    public HoconObject(HoconPosition position) : base(position)
    {
    }

    /// <summary>The keys in order.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>Number of keys.</summary>
    public int Count => _fields.Count;

    /// <summary>The keys and their values (the resolved value, or the last definition before resolution).</summary>
    public IEnumerable<KeyValuePair<string, HoconValue>> Fields =>
        _fields.Select(f => new KeyValuePair<string, HoconValue>(f.Key, f.Value.Current));

    /// <summary>Gets the value of a direct key.</summary>
    public bool TryGetValue(string key, out HoconValue value)
    {
        if (_fields.TryGetValue(key, out var field))
        {
            value = field.Current;
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>Follows <paramref name="path"/> through nested objects of a resolved tree.</summary>
    public HoconValue? Find(IReadOnlyList<string> path)
    {
        HoconValue current = this;
        foreach (var key in path)
        {
            if (current is not HoconObject o || !o.TryGetValue(key, out current))
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>Sets a key to a final value (used when building resolved trees).</summary>
    internal void SetResolved(string key, HoconValue value, HoconPosition? keyPosition) =>
        _fields[key] = HoconField.ResolvedTo(value, keyPosition);

    /// <summary>Where <paramref name="key"/> was last written (for a path key: where the path starts); null if absent.</summary>
    public HoconPosition? KeyPosition(string key) =>
        _fields.TryGetValue(key, out var field) ? field.KeyPosition ?? field.Current.Position : null;

    internal bool TryGetField(string key, out HoconField field) => _fields.TryGetValue(key, out field!);

    internal HoconField GetOrAddField(string key, HoconPosition? keyPosition)
    {
        if (!_fields.TryGetValue(key, out var field))
        {
            field = new HoconField();
            _fields.Add(key, field);
        }
        field.KeyPosition = keyPosition ?? field.KeyPosition;
        return field;
    }

    internal IEnumerable<KeyValuePair<string, HoconField>> RawFields => _fields;

    /// <summary>
    /// Adds a definition of <paramref name="key"/>: an object written over an object merges
    /// into it now (so paths can be followed before resolution); anything else is stacked and
    /// combined by the resolver, which also lets a later definition refer to the earlier one.
    /// </summary>
    internal void Define(string key, HoconValue value, HoconPosition? keyPosition)
    {
        var field = GetOrAddField(key, keyPosition);
        if (value is HoconObject incoming && field.Layers.Count > 0 && field.Layers[^1] is HoconObject existing)
        {
            existing.MergeFrom(incoming);
            return;
        }
        field.Layers.Add(value);
    }

    /// <summary>Merges every definition of <paramref name="other"/> into this object, <paramref name="other"/> winning.</summary>
    internal void MergeFrom(HoconObject other)
    {
        foreach (var (key, field) in other._fields)
        {
            foreach (var layer in field.Layers)
            {
                Define(key, layer, field.KeyPosition);
            }
        }
    }
}

/// <summary>The definitions of one key and, once resolved, its value.</summary>
internal sealed class HoconField
{
    private List<HoconValue>? _layers;

    /// <summary>The definitions in order (a resolved field made by <see cref="ResolvedTo"/> has none).</summary>
    public List<HoconValue> Layers => _layers ??= new List<HoconValue>(1);

    public HoconValue? Resolved { get; set; }

    public FieldState State { get; set; }

    public HoconValue Current => Resolved ?? Layers[^1];

    public HoconPosition? KeyPosition { get; set; }

    public static HoconField ResolvedTo(HoconValue value, HoconPosition? keyPosition)
    {
        return new HoconField { Resolved = value, State = FieldState.Resolved, KeyPosition = keyPosition };
    }
}

/// <summary>Resolution progress of a field, to detect cycles.</summary>
internal enum FieldState
{
    Pending,
    Resolving,
    Resolved,
    Undefined,
}
