using Microsoft.Extensions.Logging;

namespace Parley.Signaling.Logging;

/// <summary>Source-generated log messages of the operator's room actions: dismiss, remove users, mute (event ids 5000-5019).</summary>
internal static partial class RoomAdminLog
{
    [LoggerMessage(5000, LogLevel.Information, "Room {SdkAppId}/{RoomId} dismissed by an operator with {Members} members")]
    public static partial void RoomDismissed(this ILogger logger, long sdkAppId, long roomId, int members);

    [LoggerMessage(5001, LogLevel.Warning, "Telling {UserKey} that room {RoomId} was dismissed failed; its session learns at its next room call")]
    public static partial void DismissNoticeFailed(this ILogger logger, Exception exception, string userKey, long roomId);

    [LoggerMessage(5002, LogLevel.Information, "Operator removed {Removed} of {Asked} users from room {SdkAppId}/{RoomId}")]
    public static partial void UsersRemoved(this ILogger logger, long sdkAppId, long roomId, int removed, int asked);

    [LoggerMessage(5003, LogLevel.Information, "Operator {Action} the {Source} of {Identifier} in room {SdkAppId}/{RoomId}")]
    public static partial void TrackAdminMuted(this ILogger logger, string action, string source, string identifier, long sdkAppId, long roomId);

    [LoggerMessage(5004, LogLevel.Warning, "The media of room {SdkAppId}/{RoomId} did not answer an operator's mute")]
    public static partial void AdminMuteMediaFailed(this ILogger logger, Exception exception, long sdkAppId, long roomId);

    [LoggerMessage(5005, LogLevel.Warning, "Reading the media statistics of room {SdkAppId}/{RoomId} failed; the room is shown without them")]
    public static partial void TrackStatsFailed(this ILogger logger, Exception exception, long sdkAppId, long roomId);
}
