namespace Parley.Protocol.Messages;

/// <summary>
/// WebSocket close codes the signaling server uses (docs/protocol.md §3). 1000-1011 are RFC 6455 §7.4.1 codes;
/// 4000-4999 are reserved by RFC 6455 for applications and carry Parley's session-ending reasons.
/// </summary>
public static class CloseCodes
{
    /// <summary>After a successful logout.</summary>
    public const int Normal = 1000;
    /// <summary>The server is shutting down (a serverShuttingDown notification precedes it).</summary>
    public const int GoingAway = 1001;
    /// <summary>The client sent a binary message; the protocol uses text messages only.</summary>
    public const int UnsupportedData = 1003;
    /// <summary>The client does not read its messages fast enough (send queue overflow).</summary>
    public const int PolicyViolation = 1008;
    /// <summary>A message exceeded Signaling:MaxFrameBytes.</summary>
    public const int MessageTooBig = 1009;
    /// <summary>Unexpected server fault on this connection.</summary>
    public const int InternalError = 1011;
    /// <summary>The same identifier logged in elsewhere (a forceOffline notification precedes it).</summary>
    public const int ForceOffline = 4001;
    /// <summary>The session's userSig expired, R2.4 (a userSigExpired notification precedes it).</summary>
    public const int UserSigExpired = 4002;
    /// <summary>No frame received within the heartbeat timeout.</summary>
    public const int HeartbeatTimeout = 4003;
    /// <summary>The client kept exceeding the rate limit.</summary>
    public const int Flood = 4008;
    /// <summary>No successful login within Signaling:LoginTimeout of connecting.</summary>
    public const int LoginTimeout = 4010;
    /// <summary>
    /// Refused at connect: the client's address already holds <c>Limits:ConnectionsPerAddress</c> connections (error 90046,
    /// docs/limits.md). Sent right after the upgrade, before any request is read.
    /// </summary>
    public const int TooManyConnections = 4029;
}
