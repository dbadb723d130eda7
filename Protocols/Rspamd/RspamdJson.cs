using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sift.Protocols.Rspamd;

// The wire shape of /checkv2's answer. Kept internal: callers see RspamdResult.
// Parts whose shape varies between rspamd versions (messages, milter) stay JsonElement
// and are read by RspamdReader.
internal sealed class RspamdWireAnswer
{
    [JsonPropertyName("is_skipped")] public bool IsSkipped { get; set; }
    [JsonPropertyName("score")] public double? Score { get; set; }
    [JsonPropertyName("required_score")] public double? RequiredScore { get; set; }
    [JsonPropertyName("action")] public string? Action { get; set; }
    [JsonPropertyName("symbols")] public Dictionary<string, RspamdWireSymbol>? Symbols { get; set; }
    [JsonPropertyName("messages")] public JsonElement Messages { get; set; }
    [JsonPropertyName("message-id")] public string? MessageId { get; set; }
    [JsonPropertyName("milter")] public RspamdWireMilter? Milter { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
}

internal sealed class RspamdWireSymbol
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("score")] public double Score { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("options")] public List<string>? Options { get; set; }
}

internal sealed class RspamdWireMilter
{
    [JsonPropertyName("add_headers")] public JsonElement AddHeaders { get; set; }
    [JsonPropertyName("remove_headers")] public JsonElement RemoveHeaders { get; set; }
}

internal sealed class RspamdWireError
{
    [JsonPropertyName("error")] public string? Error { get; set; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, MaxDepth = 32)]
[JsonSerializable(typeof(RspamdWireAnswer))]
[JsonSerializable(typeof(RspamdWireError))]
internal sealed partial class RspamdJsonContext : JsonSerializerContext;
