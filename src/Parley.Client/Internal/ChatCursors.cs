using Parley.Protocol.Chat;

namespace Parley.Client.Internal;

/// <summary>
/// What this client has already handed to the app, per conversation: the last C2C id, the last system notification id,
/// the last seq per group, and unread counts. A message at or below its cursor is a repeat (a live event that sync
/// returns again, or the other way round) and is dropped, so the app sees each message exactly once. While a sync
/// runs, live events wait (<see cref="Syncing"/>) so sync's older messages do not fall behind the cursor. Guarded by
/// locking the instance.
/// </summary>
internal sealed class ChatCursors
{
    private readonly Dictionary<string, long> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unread = new(StringComparer.Ordinal);

    public long C2C { get; private set; }

    public long Notifications { get; private set; }

    public bool Syncing { get; set; }

    /// <summary>Live events held while a sync runs, in arrival order.</summary>
    public List<Action> Held { get; } = [];

    public IReadOnlyDictionary<string, long> Groups => _groups;

    /// <summary>True (and the cursor moves) when the message is new to this client.</summary>
    public bool Accept(ChatMessage message)
    {
        if (message.ConversationType == ConversationTypes.Group && message.GroupId is { } groupId)
        {
            if (_groups.TryGetValue(groupId, out var last) && message.MsgSeq <= last)
            {
                return false;
            }

            _groups[groupId] = message.MsgSeq;
            return true;
        }

        if (message.MsgSeq <= C2C)
        {
            return false;
        }

        C2C = message.MsgSeq;
        return true;
    }

    public bool Accept(GroupSystemNotification notification)
    {
        if (notification.Id <= Notifications)
        {
            return false;
        }

        Notifications = notification.Id;
        return true;
    }

    /// <summary>A group's cursor from sync or a join (never moves back).</summary>
    public void Advance(string groupId, long seq)
    {
        if (!_groups.TryGetValue(groupId, out var last) || seq > last)
        {
            _groups[groupId] = seq;
        }
    }

    public long AddUnread(string conversationId, long count) => _unread[conversationId] = (_unread.TryGetValue(conversationId, out var n) ? n : 0) + count;

    public void SetUnread(string conversationId, long count) => _unread[conversationId] = count;
}
