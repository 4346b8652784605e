using System.Text.Json;
using Parley.Protocol.Chat;
using Parley.Signaling.Groups;

namespace Parley.Signaling.Messages;

/// <summary>Stored messages as the wire's <see cref="ChatMessage"/> (docs/protocol.md §14).</summary>
public static class ChatMessages
{
    public static ChatMessage FromGroup(string groupId, GroupMessageRecord message) =>
        new(ConversationTypes.Group, groupId, message.From, null, message.MsgSeq, message.MsgRandom, message.MsgTime, Body(message.MsgBody),
            message.Recalled ? true : null);

    public static ChatMessage FromC2C(C2CMessageRecord message) =>
        new(ConversationTypes.C2C, null, message.From, message.To, message.Id, message.MsgRandom, message.MsgTime, Body(message.MsgBody),
            message.Recalled ? true : null);

    /// <summary>Whether a stored group message is a tip (its first element a <c>TIMGroupTipsElem</c>).</summary>
    public static bool IsTip(GroupMessageRecord message) =>
        message.MsgBody.StartsWith(MessageBodyRules.TipBodyPrefix, StringComparison.Ordinal);

    private static JsonElement? Body(string text)
    {
        if (text.Length == 0)
        {
            return null; // recalled
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
