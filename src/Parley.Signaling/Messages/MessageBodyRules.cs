using System.Text;
using System.Text.Json;

namespace Parley.Signaling.Messages;

/// <summary>
/// What a message body must be (product-rules §6): a non-empty array of the vendor's element types, each with an object
/// <c>MsgContent</c>, at most one <c>TIMCustomElem</c>, at most 12 KB as JSON; and the rules of sending around it
/// (duplicate and recall windows, priorities). Shared by the REST API, the clients' methods and the grains.
/// </summary>
public static class MessageBodyRules
{
    /// <summary>Product-rules §5: a message is at most 12 KB (its MsgBody as JSON).</summary>
    public const int MaxBodyBytes = 12 * 1024;

    /// <summary>Product-rules §6: the same sender and random within 5 minutes is one message (groups and C2C).</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(5);

    /// <summary>A sender may recall its own message for 2 minutes (group owners, admins and the backend at any time).</summary>
    public static readonly TimeSpan RecallWindow = TimeSpan.FromMinutes(2);

    /// <summary>How a stored tip's body starts: its one <c>TIMGroupTipsElem</c> (the SQL of unread counts matches it too).</summary>
    public const string TipBodyPrefix = "[{\"MsgType\":\"" + Parley.Protocol.Chat.TipTypes.ElementType + "\"";

    /// <summary><c>MsgPriority</c>: High, Normal, Low or Lowest.</summary>
    public static bool IsPriority(string? priority) => priority is "High" or "Normal" or "Low" or "Lowest";

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
