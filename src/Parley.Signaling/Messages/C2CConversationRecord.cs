namespace Parley.Signaling.Messages;

/// <summary>One C2C conversation of a user: the peer, the last message, unread messages after the read cursor, the cursor.</summary>
public sealed record C2CConversationRecord(string Peer, C2CMessageRecord LastMessage, long UnreadCount, long ReadId);
