namespace Parley.Server.Media.Recording;

/// <summary>
/// One recording of a room (docs/recording.md, docs/admin-api.md): what the admin API answers, what
/// <c>recording.json</c> in the recording's folder holds, and what nodes send each other.
/// </summary>
/// <param name="RecordingId">Names the recording's folder: <c>{roomId}-{UTC start yyyyMMdd-HHmmss}-{6 hex}</c>.</param>
/// <param name="State"><see cref="RecordingStates"/>: recording, stopped or interrupted.</param>
/// <param name="StopReason">Why it stopped (<see cref="RecordingStopReasons"/>); null while recording.</param>
/// <param name="Node">The node whose disk holds the files (its Orleans silo address).</param>
/// <param name="Files">One file per track, in the order they started.</param>
/// <param name="PacketsDropped">Packets dropped because the writer fell behind (<c>Recording:QueueCapacity</c>).</param>
[GenerateSerializer, Immutable, Alias("parley.RecordingInfo")]
public sealed record RecordingInfo(
    [property: Id(0)] string RecordingId,
    [property: Id(1)] long SdkAppId,
    [property: Id(2)] long RoomId,
    [property: Id(3)] string State,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? StoppedAt,
    [property: Id(6)] string? StopReason,
    [property: Id(7)] string Node,
    [property: Id(8)] IReadOnlyList<RecordingFileInfo> Files,
    [property: Id(9)] long PacketsDropped);
