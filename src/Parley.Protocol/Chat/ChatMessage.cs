using System.Text.Json;

namespace Parley.Protocol.Chat;

/// <summary>
/// One message as clients see it (docs/protocol.md §14): in a group (<paramref name="GroupId"/>, <paramref name="MsgSeq"/> the
/// group's sequence from 1) or one-to-one (<paramref name="To"/>, <paramref name="MsgSeq"/> the server's message id, rising).
/// <paramref name="MsgBody"/> is the element array in the vendor's format (product-rules §6), unchanged; a group tip
/// carries one <c>TIMGroupTipsElem</c>. Times are Unix seconds. A recalled message keeps its seq and loses its body.
/// </summary>
public sealed record ChatMessage(
    string ConversationType,
    string? GroupId,
    string From,
    string? To,
    long MsgSeq,
    uint MsgRandom,
    long MsgTime,
    JsonElement? MsgBody,
    bool? Recalled = null);
