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

    private readonly HashSet<string> _noHistory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _catchUpFailures = new(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="message"/> is a group message that skips seqs after this client's cursor, the group
    /// keeps history, and catching up on it has not failed ten times in a row.
    /// </summary>
    public bool SkipsSeqs(ChatMessage message) =>
        message.ConversationType == ConversationTypes.Group && message.GroupId is { } groupId && !_noHistory.Contains(groupId)
        && CatchUpFailures(groupId) < 10 && _groups.TryGetValue(groupId, out var last) && message.MsgSeq > last + 1;

    public int CatchUpFailures(string groupId) => _catchUpFailures.TryGetValue(groupId, out var failures) ? failures : 0;

    /// <summary>Counts a catch-up attempt (reset by success); answers how many came before it since the last success.</summary>
    public int BeginCatchUp(string groupId)
    {
        var earlier = CatchUpFailures(groupId);
        _catchUpFailures[groupId] = earlier + 1;
        return earlier;
    }

    /// <summary>
    /// A catch-up sync succeeded. When it found nothing at all, the group keeps no history (AVChatRoom: its gaps come
    /// from shedding and no sync fills them), so its gaps are not worth a sync again.
    /// </summary>
    public void CatchUpSucceeded(string groupId, bool filledNothing)
    {
        _catchUpFailures.Remove(groupId);
        if (filledNothing)
        {
            _noHistory.Add(groupId);
        }
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
