using System.Text.Json;

namespace Parley.Client;

/// <summary>Builds and reads message bodies: arrays of the vendor's elements (product-rules §6).</summary>
public static class MessageElements
{
    /// <summary><c>[{"MsgType":"TIMTextElem","MsgContent":{"Text":text}}]</c>.</summary>
    public static JsonElement Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("MsgType", "TIMTextElem");
            writer.WriteStartObject("MsgContent");
            writer.WriteString("Text", text);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>The text of the body's <c>TIMTextElem</c> elements, joined; empty when it has none (or was recalled).</summary>
    public static string TextOf(JsonElement? body) => body is not { ValueKind: JsonValueKind.Array } array ? "" : string.Concat(array.EnumerateArray()
        .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("MsgType", out var t) && t.ValueEquals("TIMTextElem")
            && e.TryGetProperty("MsgContent", out var c) && c.ValueKind == JsonValueKind.Object)
        .Select(e => e.GetProperty("MsgContent").TryGetProperty("Text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : ""));
}
