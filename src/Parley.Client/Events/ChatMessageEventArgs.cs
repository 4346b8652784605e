using System.Text.Json;
using Parley.Protocol.Chat;

namespace Parley.Client;

/// <summary>
/// A message (<c>messageReceived</c>) or group tip (<c>groupTip</c>), live or caught up by sync (docs/protocol.md §14).
/// <see cref="Message"/> is the wire's <see cref="ChatMessage"/>; <see cref="FromSync"/> says it was missed while offline.
/// </summary>
public sealed class ChatMessageEventArgs(ChatMessage message, bool fromSync) : EventArgs
{
    public ChatMessage Message { get; } = message;

    public bool FromSync { get; } = fromSync;

    /// <summary>The text of the message's <c>TIMTextElem</c> elements, joined; empty when it has none.</summary>
    public string Text => MessageElements.TextOf(Message.MsgBody);

    /// <summary>For a group tip, its <c>OpType</c> (<see cref="TipTypes"/>); otherwise null.</summary>
    public string? TipType => Message.MsgBody is { ValueKind: JsonValueKind.Array } body && body.GetArrayLength() > 0
        && body[0].TryGetProperty("MsgType", out var type) && type.ValueEquals(TipTypes.ElementType)
        && body[0].TryGetProperty("MsgContent", out var content) && content.TryGetProperty("OpType", out var op) ? op.GetString() : null;
}
