using Microsoft.Extensions.Logging;

namespace Parley.Server.Callbacks;

/// <summary>Log messages of the event callbacks (event ids 5400–5499).</summary>
internal static partial class CallbackLog
{
    [LoggerMessage(EventId = 5400, Level = LogLevel.Debug, Message = "Callback {EventId} (event {EventType}) of app {SdkAppId} delivered on attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string eventId, int eventType, long sdkAppId, int attempt);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Callback {EventId} (event {EventType}) of app {SdkAppId} failed on attempt {Attempt} ({Error}); next attempt in {Wait}")]
    public static partial void Retrying(ILogger logger, string eventId, int eventType, long sdkAppId, int attempt, string error, TimeSpan wait);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Callback {EventId} (event {EventType}) of app {SdkAppId} failed {Attempts} times ({Error}): moved to the dead letters")]
    public static partial void Buried(ILogger logger, string eventId, int eventType, long sdkAppId, int attempts, string error);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Warning, Message = "The callback queue of this node is full ({Capacity} events): {Dropped} event(s) dropped so far")]
    public static partial void QueueFull(ILogger logger, int capacity, long dropped);

    [LoggerMessage(EventId = 5404, Level = LogLevel.Warning, Message = "Callback outbox full (Callbacks:MaxPendingPerApp): {Count} oldest waiting event(s) moved to the dead letters")]
    public static partial void OutboxFull(ILogger logger, int count);

    [LoggerMessage(EventId = 5405, Level = LogLevel.Error, Message = "Writing {Count} callback event(s) to the outbox failed; retrying")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 5406, Level = LogLevel.Error, Message = "{Count} callback event(s) could not be written to the outbox while the server stopped: dropped")]
    public static partial void WriteAbandoned(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 5407, Level = LogLevel.Error, Message = "The callback dispatcher could not read the outbox; retrying")]
    public static partial void ClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5408, Level = LogLevel.Error, Message = "Recording the outcome of callback {EventId} failed; it is attempted again when its claim lapses")]
    public static partial void OutcomeNotRecorded(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(EventId = 5409, Level = LogLevel.Debug, Message = "Callback {EventId} of app {SdkAppId} discarded: the app has no callback URL any more")]
    public static partial void Discarded(ILogger logger, string eventId, long sdkAppId);

    [LoggerMessage(EventId = 5410, Level = LogLevel.Warning, Message = "Before-send callback of app {SdkAppId} failed ({Error}); the message is {Verdict}")]
    public static partial void BeforeSendFailed(ILogger logger, long sdkAppId, string error, string verdict);

    [LoggerMessage(EventId = 5412, Level = LogLevel.Error, Message = "Event {EventType} of app {SdkAppId} has no usable callback body: dropped")]
    public static partial void EventUnusable(ILogger logger, Exception exception, int eventType, long sdkAppId);

    [LoggerMessage(EventId = 5411, Level = LogLevel.Information, Message = "Callback dispatcher {Node} stopping: {Count} claimed event(s) given back to the outbox")]
    public static partial void Released(ILogger logger, string node, int count);
}
