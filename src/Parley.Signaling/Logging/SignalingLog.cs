using Microsoft.Extensions.Logging;

namespace Parley.Signaling.Logging;

/// <summary>Source-generated log messages of signaling (event ids 4100-4199).</summary>
internal static partial class SignalingLog
{
    [LoggerMessage(4100, LogLevel.Debug, "Session {SessionId}: {Identifier} logged in to app {SdkAppId} on {Platform}")]
    public static partial void LoggedIn(this ILogger logger, string sessionId, string identifier, long sdkAppId, string platform);

    [LoggerMessage(4101, LogLevel.Debug, "Login to app {SdkAppId} as {Identifier} refused with {ErrorCode}")]
    public static partial void LoginRefused(this ILogger logger, long sdkAppId, string identifier, int errorCode);

    [LoggerMessage(4102, LogLevel.Debug, "Connection closing with {CloseCode}: {Description}")]
    public static partial void Closing(this ILogger logger, int closeCode, string description);

    [LoggerMessage(4103, LogLevel.Warning, "Role configuration pull for app {SdkAppId} platform {Platform} failed; the session gets no roles (R4.6)")]
    public static partial void RolePullFailed(this ILogger logger, Exception exception, long sdkAppId, string platform);

    [LoggerMessage(4104, LogLevel.Error, "Request {Method} failed")]
    public static partial void RequestFailed(this ILogger logger, Exception exception, string method);

    [LoggerMessage(4105, LogLevel.Warning, "Ending session {SessionId} in its user grain failed")]
    public static partial void EndSessionFailed(this ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(4106, LogLevel.Information, "Server stopping: closing {Count} signaling sessions")]
    public static partial void ShuttingDown(this ILogger logger, int count);

    [LoggerMessage(4107, LogLevel.Debug, "Receive loop ended with {Error}")]
    public static partial void ReceiveEnded(this ILogger logger, string error);

    [LoggerMessage(4110, LogLevel.Debug, "Room {SdkAppId}/{RoomId} created by {Owner}")]
    public static partial void RoomCreated(this ILogger logger, long sdkAppId, long roomId, string owner);

    [LoggerMessage(4111, LogLevel.Debug, "Room {SdkAppId}/{RoomId} dissolved after being empty for {Delay}")]
    public static partial void RoomDissolved(this ILogger logger, long sdkAppId, long roomId, TimeSpan delay);

    [LoggerMessage(4112, LogLevel.Warning, "Delivering a room event to a member of room {RoomId} failed")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, long roomId);

    [LoggerMessage(4113, LogLevel.Warning, "Dissolve timer of room {RoomKey} could not reach the room")]
    public static partial void DissolveCallFailed(this ILogger logger, Exception exception, string roomKey);

    [LoggerMessage(4114, LogLevel.Warning, "Telling a replaced session of {UserKey} to go offline failed")]
    public static partial void ForceOfflineFailed(this ILogger logger, Exception exception, string userKey);

    [LoggerMessage(4108, LogLevel.Information, "Session {SessionId} refused entry to room {RoomId}: {Reason}")]
    public static partial void JoinRefused(this ILogger logger, string sessionId, long roomId, string reason);

    [LoggerMessage(4115, LogLevel.Information, "Session {SessionId} lost its socket; suspended for {WindowMs} ms waiting for a resume")]
    public static partial void SessionSuspended(this ILogger logger, string sessionId, int windowMs);

    [LoggerMessage(4116, LogLevel.Information, "Session {SessionId} resumed on a new socket; {Waiting} queued messages follow the answer")]
    public static partial void SessionResumed(this ILogger logger, string sessionId, int waiting);

    [LoggerMessage(4117, LogLevel.Information, "Suspended session {SessionId} ended without a resume")]
    public static partial void SessionResumeWindowEnded(this ILogger logger, string sessionId);

    [LoggerMessage(4119, LogLevel.Warning, "Handing a notification to the live session of {UserKey} failed")]
    public static partial void NotifySessionFailed(this ILogger logger, Exception exception, string userKey);

    [LoggerMessage(4118, LogLevel.Debug, "Resume of session {SessionId} refused (unknown, wrong token or window passed)")]
    public static partial void ResumeRefused(this ILogger logger, string sessionId);
    [LoggerMessage(4130, LogLevel.Warning, "Group {SdkAppId}/{GroupId}: a notification arrived before the member list; dropped on this silo")]
    public static partial void GroupDeliveryWithoutMembers(this ILogger logger, long sdkAppId, string groupId);

    [LoggerMessage(4132, LogLevel.Warning, "Group {GroupKey}: delivering to silo {Silo} failed; {Dropped} events dropped there, the silo gets a fresh member list next")]
    public static partial void GroupDeliveryFailed(this ILogger logger, Exception exception, string groupKey, string silo, int dropped);

    [LoggerMessage(4133, LogLevel.Warning, "Group {GroupKey}: storing or handing over a system notification failed")]
    public static partial void SystemNotificationFailed(this ILogger logger, Exception exception, string groupKey);

    [LoggerMessage(4134, LogLevel.Information, "Group {GroupKey} reclaimed after {IdleDays} idle days")]
    public static partial void GroupReclaimed(this ILogger logger, string groupKey, int idleDays);

    [LoggerMessage(4135, LogLevel.Warning, "Looking for idle Private groups to reclaim failed")]
    public static partial void ReclaimSweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(4136, LogLevel.Warning, "Node(s) {Silos} declared dead: {Count} session(s) of this node re-assert themselves with their user and room grains")]
    public static partial void ReattachingSessions(this ILogger logger, int count, string silos);

    [LoggerMessage(4137, LogLevel.Warning, "Session {SessionId} could not re-assert itself after a node died")]
    public static partial void ReattachFailed(this ILogger logger, Exception exception, string sessionId);
    [LoggerMessage(4140, LogLevel.Information, "Session {SessionId} resumed here on a connection relayed from another node")]
    public static partial void ResumeRelayedHere(this ILogger logger, string sessionId);

    [LoggerMessage(4141, LogLevel.Information, "Session {SessionId} lives on node {Silo}: its resume and connection are relayed there")]
    public static partial void ResumeRelayedTo(this ILogger logger, string sessionId, string silo);

    [LoggerMessage(4142, LogLevel.Warning, "Relaying session {SessionId} to its node failed ({Error}); its client is cut off and reconnects")]
    public static partial void RelayToNodeFailed(this ILogger logger, string sessionId, string error);

    [LoggerMessage(4143, LogLevel.Error, "Checking the sessions' heartbeat, login and userSig deadlines failed; the next tick tries again")]
    public static partial void DeadlineSweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(4144, LogLevel.Warning, "Room {SdkAppId}/{RoomId} could not tell the app's room list it was {Change}; the room works, the admin API's room list misses the change")]
    public static partial void AppRoomsUpdateFailed(this ILogger logger, Exception exception, long sdkAppId, long roomId, string change);
}
