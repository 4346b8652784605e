using Microsoft.Extensions.Logging;

namespace Parley.Server.Media.Nodes;

/// <summary>Log messages of the room media across nodes (event ids 3310–3319).</summary>
internal static partial class MediaNodeLog
{
    [LoggerMessage(EventId = 3310, Level = LogLevel.Debug, Message = "Room {SdkAppId}:{RoomId} has its media on node {Node}.")]
    public static partial void RoomMediaStarted(ILogger logger, long sdkAppId, long roomId, string node);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Information, Message = "Room {SdkAppId}:{RoomId}'s media ends here with {Stays} stays in it ({Reason}); their sessions move it to a live node.")]
    public static partial void RoomMediaEnded(ILogger logger, long sdkAppId, long roomId, int stays, string? reason);

    [LoggerMessage(EventId = 3312, Level = LogLevel.Warning, Message = "The media of room {SdkAppId}:{RoomId} is lost ({Reason}); session {SessionId} joins it again on a live node.")]
    public static partial void MediaReset(ILogger logger, long sdkAppId, long roomId, string sessionId, string reason);

    [LoggerMessage(EventId = 3313, Level = LogLevel.Warning, Message = "The media node of room {SdkAppId}:{RoomId} did not answer {Method} for session {SessionId}.")]
    public static partial void MediaCallFailed(ILogger logger, Exception exception, long sdkAppId, long roomId, string method, string sessionId);

    [LoggerMessage(EventId = 3314, Level = LogLevel.Warning, Message = "Could not take session {SessionId}'s stay out of room {SdkAppId}:{RoomId}'s media.")]
    public static partial void LeaveFailed(ILogger logger, Exception exception, long sdkAppId, long roomId, string sessionId);

    [LoggerMessage(EventId = 3315, Level = LogLevel.Information, Message = "Node {Node} died: {Resets} stays join their rooms' media again elsewhere, {Rooms} rooms here drop its sessions.")]
    public static partial void NodeDied(ILogger logger, string node, int resets, int rooms);
}
