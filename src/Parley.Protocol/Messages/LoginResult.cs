namespace Parley.Protocol.Messages;

using Parley.Protocol.Roles;

/// <summary>
/// Result of <c>login</c>. <paramref name="Identifier"/> is the spelling the user first used in this app (R2.1).
/// Times are Unix milliseconds. <paramref name="Roles"/> is the snapshot this session uses until it logs in again (R4.6).
/// <paramref name="ResumeToken"/> and <paramref name="ResumeWindowMs"/> are present when the login asked to be
/// resumable (docs/protocol.md §13); <paramref name="RoomId"/> only in the answer to <c>resume</c> (null: in no room).
/// <paramref name="IceServers"/> are the STUN/TURN servers (with fresh time-limited TURN credentials) the client's peer
/// connections should use; null when the server configures none (docs/protocol.md §4.1, docs/turn.md).
/// <paramref name="Servers"/> are the signaling URLs of the cluster's active nodes that announce one, this node's first
/// (docs/cluster.md); clients add them to their own list for failover. Null when no node announces a URL.
/// </summary>
public sealed record LoginResult(
    string SessionId,
    string Identifier,
    long UserSigExpiresAt,
    long ServerTime,
    int HeartbeatIntervalMs,
    int HeartbeatTimeoutMs,
    RoleSet Roles,
    string? ResumeToken = null,
    int? ResumeWindowMs = null,
    long? RoomId = null,
    IReadOnlyList<IceServer>? IceServers = null,
    IReadOnlyList<string>? Servers = null);
