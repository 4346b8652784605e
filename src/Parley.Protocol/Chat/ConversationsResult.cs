namespace Parley.Protocol.Chat;

/// <summary>Result of <c>getConversations</c>: newest activity first.</summary>
public sealed record ConversationsResult(IReadOnlyList<Conversation> Conversations);
