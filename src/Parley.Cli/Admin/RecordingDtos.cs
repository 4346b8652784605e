namespace Parley.Cli.Admin;

// The recording shapes of the admin API as the CLI reads them (docs/recording.md).

/// <summary>A recording: its files and state (recording, stopped, interrupted).</summary>
internal sealed record RecordingInfoDto(string RecordingId, long SdkAppId, long RoomId, string State, DateTimeOffset StartedAt, DateTimeOffset? StoppedAt,
    string? StopReason, string Node, IReadOnlyList<RecordingFileDto> Files, long PacketsDropped);

/// <summary>One track's WebM file in a recording.</summary>
internal sealed record RecordingFileDto(string FileName, string Identifier, string Source, string Kind, string Codec, string ContentType, string ProducerId,
    int? Width, int? Height, long OffsetMs, long DurationMs, long SizeBytes, long Frames, bool Complete, long PacketsLost, long FramesSkipped, long KeyFrameRequests);
