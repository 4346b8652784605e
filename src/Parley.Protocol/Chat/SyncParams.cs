namespace Parley.Protocol.Chat;

/// <summary>
/// Params of <c>syncMessages</c> (docs/protocol.md §14): what the client already has — the last C2C id, the last system
/// notification id, and per group the last seq. A group the client does not name starts after the member's read cursor.
/// </summary>
public sealed record SyncParams(long? C2cCursor = null, long? NotificationCursor = null, IReadOnlyDictionary<string, long>? Groups = null, int? Limit = null);
