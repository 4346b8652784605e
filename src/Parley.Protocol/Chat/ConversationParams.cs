namespace Parley.Protocol.Chat;

/// <summary>
/// Params naming one conversation — a group (<paramref name="GroupId"/>) or a user (<paramref name="Peer"/>) — and a
/// seq: <c>getMessages</c> (history up to <paramref name="MsgSeq"/>, newest first, <paramref name="Count"/> at most 100),
/// <c>markRead</c> (read up to <paramref name="MsgSeq"/>), <c>recallMessage</c> (that message).
/// </summary>
public sealed record ConversationParams(string? GroupId = null, string? Peer = null, long? MsgSeq = null, int? Count = null);
