namespace Parley.Protocol.Chat;

/// <summary>Result of <c>getMessages</c>: newest first; <paramref name="IsFinished"/> when nothing older remains.</summary>
public sealed record MessagesResult(IReadOnlyList<ChatMessage> Messages, bool IsFinished);
