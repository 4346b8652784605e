using System.Text;
using System.Text.Json;

namespace Parley.Signaling.Messages;

/// <summary>
/// What a message body must be (product-rules §6): a non-empty array of the vendor's element types, each with an object
/// <c>MsgContent</c>, at most one <c>TIMCustomElem</c>, at most 12 KB as JSON. Shared by the REST API and the clients.
/// </summary>
public static class MessageBodyRules
{
    /// <summary>Product-rules §5: a message is at most 12 KB (its MsgBody as JSON).</summary>
    public const int MaxBodyBytes = 12 * 1024;

    private static readonly HashSet<string> ElementTypes = new(StringComparer.Ordinal)
    {
        "TIMTextElem", "TIMCustomElem", "TIMFaceElem", "TIMLocationElem", "TIMImageElem", "TIMSoundElem", "TIMFileElem", "TIMVideoFileElem",
    };

    /// <summary>Null when <paramref name="body"/> is a valid element array, else what is wrong with it (the field named).</summary>
    public static string? Check(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() == 0)
        {
            return "MsgBody must be a non-empty array of elements";
        }

        var custom = 0;
        foreach (var element in body.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("MsgType", out var type) || type.ValueKind != JsonValueKind.String || !ElementTypes.Contains(type.GetString()!)
                || !element.TryGetProperty("MsgContent", out var content) || content.ValueKind != JsonValueKind.Object)
            {
                return "MsgBody[].MsgType must be one of " + string.Join(", ", ElementTypes) + " with an object MsgContent";
            }

            if (type.ValueEquals("TIMCustomElem") && ++custom > 1)
            {
                return "MsgBody holds at most one TIMCustomElem";
            }
        }

        return Encoding.UTF8.GetByteCount(body.GetRawText()) > MaxBodyBytes ? $"MsgBody is over {MaxBodyBytes} bytes" : null;
    }
}
