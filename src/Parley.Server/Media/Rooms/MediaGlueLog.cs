using Microsoft.Extensions.Logging;

namespace Parley.Server.Media.Rooms;

/// <summary>Log messages of the room media glue (event ids 3300–3399).</summary>
internal static partial class MediaGlueLog
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Warning, Message = "Tearing down the media of session {SessionId} failed")]
    public static partial void TeardownFailed(ILogger logger, Exception exception, string sessionId);
}
