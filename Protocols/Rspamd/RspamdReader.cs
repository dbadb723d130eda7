using System.Text.Json;

namespace Sift.Protocols.Rspamd;

/// <summary>
/// Reads rspamd's JSON answers into typed results. Never throws on bad input: a body that is
/// not rspamd's JSON gives false and a reason.
/// </summary>
public static class RspamdReader
{
    private const int MaxHeaders = 256;

    /// <summary>Parses the body of a <c>/checkv2</c> answer.</summary>
    /// <param name="json">The UTF-8 body.</param>
    /// <param name="result">The typed answer, when the body is valid.</param>
    /// <param name="error">Why it is not, when it is not.</param>
    public static bool TryReadCheck(ReadOnlySpan<byte> json, out RspamdResult? result, out string? error)
    {
        result = null;
        RspamdWireAnswer? wire;
        try
        {
            wire = JsonSerializer.Deserialize(json, RspamdJsonContext.Default.RspamdWireAnswer);
        }
        catch (JsonException e)
        {
            error = $"invalid JSON at byte {e.BytePositionInLine ?? 0} of line {e.LineNumber ?? 0}: {e.Message}";
            return false;
        }
        if (wire is null) { error = "the answer is JSON null"; return false; }
        if (wire.Error is { } said) { error = $"rspamd reported an error: {said}"; return false; }
        if (wire.Score is not { } score || wire.Action is null)
        {
            error = "the answer lacks 'score' or 'action'";
            return false;
        }
        result = new RspamdResult
        {
            Score = score,
            RequiredScore = wire.RequiredScore ?? 0,
            Action = RspamdActions.Parse(wire.Action),
            ActionName = wire.Action,
            IsSkipped = wire.IsSkipped,
            MessageId = wire.MessageId,
            Symbols = ReadSymbols(wire.Symbols),
            Messages = ReadMessages(wire.Messages),
            Milter = ReadMilter(wire.Milter),
        };
        error = null;
        return true;
    }

    /// <summary>Reads the <c>error</c> field of an error answer (<c>{"error":"…"}</c>); null when there is none.</summary>
    public static string? TryReadError(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RspamdJsonContext.Default.RspamdWireError)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<RspamdSymbol> ReadSymbols(Dictionary<string, RspamdWireSymbol>? symbols)
    {
        if (symbols is null) return [];
        var list = new List<RspamdSymbol>(symbols.Count);
        foreach (var (key, s) in symbols)
            list.Add(new RspamdSymbol(s.Name ?? key, s.Score, s.Description, s.Options ?? []));
        return list;
    }

    private static Dictionary<string, string> ReadMessages(JsonElement messages)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (messages.ValueKind != JsonValueKind.Object) return map;
        foreach (var p in messages.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!;
        return map;
    }

    private static RspamdMilterBlock ReadMilter(RspamdWireMilter? milter)
    {
        if (milter is null) return RspamdMilterBlock.None;
        var add = new List<RspamdHeaderToAdd>();
        if (milter.AddHeaders.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in milter.AddHeaders.EnumerateObject())
            {
                // A value is "text", {"value": "text", "order": n}, or a list of either.
                if (p.Value.ValueKind == JsonValueKind.Array)
                    foreach (var item in p.Value.EnumerateArray()) AddHeader(add, p.Name, item);
                else AddHeader(add, p.Name, p.Value);
                if (add.Count >= MaxHeaders) break;
            }
        }
        var remove = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (milter.RemoveHeaders.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in milter.RemoveHeaders.EnumerateObject())
            {
                if (remove.Count >= MaxHeaders) break;
                remove[p.Name] = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n) ? n : 0;
            }
        }
        return new RspamdMilterBlock { AddHeaders = add, RemoveHeaders = remove };
    }

    private static void AddHeader(List<RspamdHeaderToAdd> into, string name, JsonElement value)
    {
        if (into.Count >= MaxHeaders) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                into.Add(new RspamdHeaderToAdd(name, value.GetString()!, null));
                break;
            case JsonValueKind.Object when value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String:
                int? order = value.TryGetProperty("order", out var o) && o.ValueKind == JsonValueKind.Number && o.TryGetInt32(out var n) ? n : null;
                into.Add(new RspamdHeaderToAdd(name, v.GetString()!, order));
                break;
        }
    }
}
