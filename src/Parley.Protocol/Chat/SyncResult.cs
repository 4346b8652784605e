namespace Parley.Protocol.Chat;

/// <summary>
/// Result of <c>syncMessages</c>: one page of what the client missed, oldest first per conversation, with the cursors to
/// send next; <paramref name="HasMore"/> when another page waits.
/// </summary>
public sealed record SyncResult(
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<GroupSystemNotification> Notifications,
    long C2cCursor,
    long NotificationCursor,
    IReadOnlyDictionary<string, long> Groups,
    bool HasMore);
