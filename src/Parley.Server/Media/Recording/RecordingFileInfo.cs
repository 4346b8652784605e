namespace Parley.Server.Media.Recording;

/// <summary>One track's file in a recording: a WebM file with one VP8 or Opus track.</summary>
/// <param name="FileName">The file's name in the recording's folder: <c>{identifier}-{source}.webm</c> (<c>-2</c>, <c>-3</c>… when the source was published again).</param>
/// <param name="Kind">"video" or "audio".</param>
/// <param name="Codec">"VP8" or "opus".</param>
/// <param name="ContentType">"video/webm" or "audio/webm".</param>
/// <param name="OffsetMs">Where the file's first frame sits on the recording's timeline (ms since the recording started).</param>
/// <param name="DurationMs">From the first frame to the end of the last.</param>
/// <param name="Complete">True once the file is finished (sizes, duration and cues written).</param>
/// <param name="PacketsLost">RTP packets that never came (within the reorder window).</param>
/// <param name="FramesSkipped">Video frames left out while waiting for a key frame (after a loss, or before the first).</param>
/// <param name="KeyFrameRequests">Key frames the recorder asked the publisher for.</param>
[GenerateSerializer, Immutable, Alias("parley.RecordingFileInfo")]
public sealed record RecordingFileInfo(
    [property: Id(0)] string FileName,
    [property: Id(1)] string Identifier,
    [property: Id(2)] string Source,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Codec,
    [property: Id(5)] string ContentType,
    [property: Id(6)] string ProducerId,
    [property: Id(7)] int? Width,
    [property: Id(8)] int? Height,
    [property: Id(9)] long OffsetMs,
    [property: Id(10)] long DurationMs,
    [property: Id(11)] long SizeBytes,
    [property: Id(12)] long Frames,
    [property: Id(13)] bool Complete,
    [property: Id(14)] long PacketsLost,
    [property: Id(15)] long FramesSkipped,
    [property: Id(16)] long KeyFrameRequests);
