using Microsoft.Extensions.Logging;

namespace Parley.Server.Media.Recording;

/// <summary>Log messages of room recording (event ids 5300–5399).</summary>
internal static partial class RecordingLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Recording {RecordingId} of room {SdkAppId}:{RoomId} started in {Folder}.")]
    public static partial void Started(ILogger logger, string recordingId, long sdkAppId, long roomId, string folder);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Recording {RecordingId} stopped ({Reason}): {Files} files, {PacketsDropped} packets dropped.")]
    public static partial void Stopped(ILogger logger, string recordingId, string reason, int files, long packetsDropped);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Recording {RecordingId}: {FileName} started ({Codec}).")]
    public static partial void FileStarted(ILogger logger, string recordingId, string fileName, string codec);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "Recording {RecordingId}: producer {ProducerId} of {Identifier} ({Codec}) is not recorded: only VP8 and Opus are.")]
    public static partial void CodecNotRecorded(ILogger logger, string recordingId, string producerId, string identifier, string codec);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Recording {RecordingId}: writing {FileName} failed; that track is no longer recorded.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string recordingId, string fileName);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Warning, Message = "Recording {RecordingId}: recording.json could not be written.")]
    public static partial void ManifestFailed(ILogger logger, Exception exception, string recordingId);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Error, Message = "Recording of room {SdkAppId}:{RoomId} could not start: the folder {Folder} cannot be written.")]
    public static partial void StartFailed(ILogger logger, Exception exception, long sdkAppId, long roomId, string folder);

    [LoggerMessage(EventId = 5307, Level = LogLevel.Warning, Message = "Recording {RecordingId}: the writer fell behind; {Dropped} packets dropped so far (Recording:QueueCapacity).")]
    public static partial void PacketsDropped(ILogger logger, string recordingId, long dropped);

    [LoggerMessage(EventId = 5308, Level = LogLevel.Debug, Message = "Recording {RecordingId}: {FileName} follows simulcast layer {Layer}.")]
    public static partial void LayerChosen(ILogger logger, string recordingId, string fileName, int layer);

    [LoggerMessage(EventId = 5309, Level = LogLevel.Warning, Message = "Node {Node} did not answer about recordings.")]
    public static partial void NodeUnreachable(ILogger logger, Exception exception, string node);

    [LoggerMessage(EventId = 5310, Level = LogLevel.Warning, Message = "Recording of room {SdkAppId}:{RoomId} could not be stopped ({Reason}).")]
    public static partial void AutoStopFailed(ILogger logger, Exception exception, long sdkAppId, long roomId, string reason);

    [LoggerMessage(EventId = 5311, Level = LogLevel.Error, Message = "Recording {RecordingId}: the writer failed on an item; it goes on with the next.")]
    public static partial void WriterFailed(ILogger logger, Exception exception, string recordingId);
}
