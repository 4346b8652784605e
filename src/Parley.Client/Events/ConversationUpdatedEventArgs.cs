using Parley.Protocol.Chat;

namespace Parley.Client;

/// <summary>
/// A conversation changed (<c>conversationUpdated</c>): a message arrived in it (live or by sync), or the user read it.
/// <see cref="UnreadCount"/> counts the messages from others since the last <see cref="ParleyClient.MarkReadAsync"/>,
/// starting from what <see cref="ParleyClient.GetConversationsAsync"/> last reported.
/// </summary>
public sealed class ConversationUpdatedEventArgs(string conversationType, string conversationId, ChatMessage? lastMessage, long unreadCount) : EventArgs
{
    /// <summary><see cref="ConversationTypes.C2C"/> or <see cref="ConversationTypes.Group"/>.</summary>
    public string ConversationType { get; } = conversationType;

    /// <summary>The group id, or the peer's identifier.</summary>
    public string ConversationId { get; } = conversationId;

    public ChatMessage? LastMessage { get; } = lastMessage;

    public long UnreadCount { get; } = unreadCount;
}
