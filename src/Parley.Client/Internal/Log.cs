using Microsoft.Extensions.Logging;

namespace Parley.Client.Internal;

/// <summary>The SDK's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Dropped a server frame of {Length} bytes that is not JSON-RPC 2.0 the protocol knows.")]
    public static partial void MalformedFrame(ILogger logger, int length);

    [LoggerMessage(2, LogLevel.Warning, "The server sent a frame larger than {Limit} bytes; closing with 1009.")]
    public static partial void FrameTooLarge(ILogger logger, int limit);

    [LoggerMessage(3, LogLevel.Error, "Handling the {Method} notification failed.")]
    public static partial void NotificationFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Answer to request {Id} arrived after it timed out; dropped.")]
    public static partial void LateResponse(ILogger logger, long id);

    [LoggerMessage(5, LogLevel.Warning, "The server rejected a frame it could not read: {Code} {Message}.")]
    public static partial void OrphanError(ILogger logger, int code, string message);

    [LoggerMessage(6, LogLevel.Warning, "Notification {Method} has params that do not match the protocol; dropped.")]
    public static partial void BadNotificationParams(ILogger logger, string method);

    [LoggerMessage(7, LogLevel.Debug, "Ignoring unknown notification {Method}.")]
    public static partial void UnknownNotification(ILogger logger, string method);

    [LoggerMessage(8, LogLevel.Error, "An event handler threw.")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "No frame from the server for {Silence}; the connection is considered dead.")]
    public static partial void HeartbeatTimeout(ILogger logger, TimeSpan silence);

    [LoggerMessage(10, LogLevel.Information, "Disconnected (close code {CloseCode}, {Reason}); reconnecting: {WillReconnect}.")]
    public static partial void Disconnected(ILogger logger, int? closeCode, string reason, bool willReconnect);

    [LoggerMessage(11, LogLevel.Information, "Reconnect attempt {Attempt} failed: {Message}.")]
    public static partial void ReconnectAttemptFailed(ILogger logger, int attempt, string message);

    [LoggerMessage(17, LogLevel.Information, "Re-joining room {RoomId} after a reconnect failed (attempt {Attempt}): {Message}; trying again.")]
    public static partial void RejoinAttemptFailed(ILogger logger, long roomId, int attempt, string message);

    [LoggerMessage(12, LogLevel.Information, "Reconnected after {Attempts} attempt(s); room {RoomId}.")]
    public static partial void Reconnected(ILogger logger, int attempts, long? roomId);

    [LoggerMessage(13, LogLevel.Warning, "Gave up reconnecting after {Attempts} attempt(s).")]
    public static partial void ReconnectGaveUp(ILogger logger, int attempts, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Catching up on missed messages after login failed; SyncMessagesAsync tries again.")]
    public static partial void SyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "{Server} does not answer ({Reason}); trying the next server.")]
    public static partial void ServerUnreachable(ILogger logger, Uri server, string reason);

    [LoggerMessage(16, LogLevel.Information, "Failed over to {Server}.")]
    public static partial void FailedOver(ILogger logger, Uri server);

    [LoggerMessage(5442, LogLevel.Debug, "Server {Server} {Change} by the server's list of cluster nodes.")]
    private static partial void ServerListChanged(ILogger logger, Uri server, string change);

    public static void LearnedServer(ILogger logger, Uri server) => ServerListChanged(logger, server, "learned");

    /// <summary>A learned URL the latest login or resume answer no longer names (the node left): dropped.</summary>
    public static void DroppedServer(ILogger logger, Uri server) => ServerListChanged(logger, server, "dropped (no longer named)");

    [LoggerMessage(5443, LogLevel.Information, "Publishing the tracks again failed (attempt {Attempt}: {Error}); retrying in {Delay}.")]
    public static partial void RepublishRetryScheduled(ILogger logger, int attempt, TimeSpan delay, string error);

    [LoggerMessage(5444, LogLevel.Information, "Published the tracks again at attempt {Attempts}; room {RoomId}.")]
    public static partial void Republished(ILogger logger, int attempts, long roomId);
}
