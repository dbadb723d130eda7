using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sift.Engine.Configuration.Hocon;

/// <summary>Writes resolved trees: as JSON (values exactly as written) or as HOCON text.</summary>
public static class HoconText
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Quotes a string with JSON escapes.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, JsonEscaping.Options);

    /// <summary>The resolved tree as indented JSON: numbers and booleans as JSON literals, everything else a string ("5s" stays "5s").</summary>
    public static string ToJson(HoconValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            WriteJson(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, HoconValue value)
    {
        switch (value)
        {
            case HoconObject o:
                writer.WriteStartObject();
                foreach (var (key, child) in o.Fields)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, child);
                }
                writer.WriteEndObject();
                break;
            case HoconArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteJson(writer, item);
                }
                writer.WriteEndArray();
                break;
            case HoconScalar { Kind: HoconScalarKind.Number } s:
                writer.WriteRawValue(s.Text);
                break;
            case HoconScalar { Kind: HoconScalarKind.Boolean } s:
                writer.WriteBooleanValue(s.Text == "true");
                break;
            case HoconScalar { Kind: HoconScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case HoconScalar s:
                writer.WriteStringValue(s.Text);
                break;
            default:
                throw new ArgumentException("the tree is not resolved", nameof(value));
        }
    }

    /// <summary>The resolved tree as HOCON: one <c>key = value</c> per line, objects in braces.</summary>
    public static string ToHocon(HoconObject root)
    {
        var sb = new StringBuilder();
        foreach (var (key, child) in root.Fields)
        {
            WriteField(sb, key, child, 0);
        }
        return sb.ToString();
    }

    private static void WriteField(StringBuilder sb, string key, HoconValue value, int indent)
    {
        sb.Append(' ', indent * 2).Append(HoconPath.RenderKey(key));
        if (value is HoconObject)
        {
            sb.Append(' ');
        }
        else
        {
            sb.Append(" = ");
        }
        WriteValue(sb, value, indent);
        sb.Append('\n');
    }

    private static void WriteValue(StringBuilder sb, HoconValue value, int indent)
    {
        switch (value)
        {
            case HoconObject o:
                if (o.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }
                sb.Append("{\n");
                foreach (var (key, child) in o.Fields)
                {
                    WriteField(sb, key, child, indent + 1);
                }
                sb.Append(' ', indent * 2).Append('}');
                break;
            case HoconArray a:
                sb.Append('[');
                for (var i = 0; i < a.Items.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ");
                    WriteValue(sb, a.Items[i], indent);
                }
                sb.Append(']');
                break;
            case HoconScalar { Kind: HoconScalarKind.String } s:
                sb.Append(HoconPath.RenderKey(s.Text) == s.Text && s.Text is not ("true" or "false" or "null" or "include") && !char.IsAsciiDigit(s.Text[0]) && s.Text[0] != '-' ? s.Text : Quote(s.Text));
                break;
            case HoconScalar s:
                sb.Append(s.Text);
                break;
        }
    }

    private static class JsonEscaping
    {
        public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
