namespace Parley.Protocol.Chat;

/// <summary>JSON-RPC notifications for groups and messages (docs/protocol.md §14). Server to client.</summary>
public static class ChatEvents
{
    /// <summary>A message (group or C2C) for an online user; params <see cref="ChatMessage"/>.</summary>
    public const string MessageReceived = "messageReceived";

    /// <summary>A group tip (join, quit, kick, profile, admin, owner changes); params <see cref="ChatMessage"/> with a <c>TIMGroupTipsElem</c>.</summary>
    public const string GroupTip = "groupTip";

    /// <summary>Params <see cref="MessageRecalledEvent"/>.</summary>
    public const string MessageRecalled = "messageRecalled";

    /// <summary>Params <see cref="GroupSystemNotification"/>.</summary>
    public const string GroupSystemNotification = "groupSystemNotification";
}
