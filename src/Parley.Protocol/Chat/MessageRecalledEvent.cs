namespace Parley.Protocol.Chat;

/// <summary>
/// <c>messageRecalled</c>: messages of a conversation were recalled by <paramref name="Operator"/> (empty: the app's
/// backend). For C2C, <paramref name="Peer"/> is the other party as the receiving user sees it.
/// </summary>
public sealed record MessageRecalledEvent(string ConversationType, string? GroupId, string? Peer, IReadOnlyList<long> MsgSeqs, string Operator);
