namespace Sift.Protocols.Milter;

/// <summary>
/// Macro values the MTA sent, kept per stage so that an abort or a new message forgets the
/// values of the stages it ends (as libmilter does). Look-ups search the latest stage first.
/// </summary>
public sealed class MilterMacros
{
    // Indexed by MilterMacroStage order of arrival: connect, helo, mail, rcpt, data, eoh, eom.
    private static readonly byte[] Stages = "CHMRTNE"u8.ToArray();
    private readonly Dictionary<string, string>?[] _values = new Dictionary<string, string>?[Stages.Length];

    /// <summary>The value of macro <paramref name="name"/> ("i", "{i}" and "j" alike), or null.</summary>
    public string? this[string name]
    {
        get
        {
            var key = Normalize(name);
            for (var i = _values.Length - 1; i >= 0; i--)
            {
                if (_values[i] is { } stage && stage.TryGetValue(key, out var value))
                {
                    return value;
                }
            }
            return null;
        }
    }

    /// <summary>Every macro currently known, later stages overriding earlier ones.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in _values)
        {
            if (stage is null) { continue; }
            foreach (var (k, v) in stage) { all[k] = v; }
        }
        return all;
    }

    /// <summary>Strips the braces of a long macro name: <c>{auth_type}</c> → <c>auth_type</c>.</summary>
    public static string Normalize(string name) =>
        name.Length > 2 && name[0] == '{' && name[^1] == '}' ? name[1..^1] : name;

    /// <summary>The dictionary for the stage of command <paramref name="command"/>, emptied.</summary>
    internal IDictionary<string, string> BeginStage(byte command)
    {
        var index = Array.IndexOf(Stages, command);
        if (index < 0)
        {
            // Macros for a command without a stage of its own (unknown, abort) join the latest stage.
            index = Stages.Length - 1;
            return _values[index] ??= new Dictionary<string, string>(StringComparer.Ordinal);
        }
        var stage = _values[index] ??= new Dictionary<string, string>(StringComparer.Ordinal);
        stage.Clear();
        return stage;
    }

    /// <summary>Forgets the values of the message stages (MAIL onwards): abort or end of message.</summary>
    internal void ClearMessage()
    {
        for (var i = 2; i < _values.Length; i++) { _values[i]?.Clear(); }
    }

    /// <summary>Forgets everything (a new SMTP session on the same connection).</summary>
    internal void ClearAll()
    {
        foreach (var stage in _values) { stage?.Clear(); }
    }
}
