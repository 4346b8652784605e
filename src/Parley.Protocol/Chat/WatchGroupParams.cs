namespace Parley.Protocol.Chat;

/// <summary>
/// Params of <c>watchGroup</c> (docs/protocol.md §14.4): a visitor who is not logged in reads an AVChatRoom's live
/// messages. Sent instead of <c>login</c> on a fresh connection.
/// </summary>
public sealed record WatchGroupParams(long SdkAppId, string GroupId);
