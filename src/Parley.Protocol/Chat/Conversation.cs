namespace Parley.Protocol.Chat;

/// <summary>A conversation of the user: its last message and how many are unread after the user's read cursor.</summary>
public sealed record Conversation(string ConversationType, string? GroupId, string? Peer, ChatMessage? LastMessage, long UnreadCount, long ReadSeq);
