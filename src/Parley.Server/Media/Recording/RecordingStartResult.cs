namespace Parley.Server.Media.Recording;

/// <summary>What <see cref="IRoomRecordingGrain.StartRecording"/> answers: the new recording, or why there is none.</summary>
/// <param name="Info">The recording (on 90050, the one already running).</param>
/// <param name="ErrorCode">0, or <c>RecordingAlreadyStarted</c> / <c>RecordingStorageFailed</c>.</param>
[GenerateSerializer, Immutable, Alias("parley.RecordingStartResult")]
public sealed record RecordingStartResult(
    [property: Id(0)] RecordingInfo? Info,
    [property: Id(1)] int ErrorCode,
    [property: Id(2)] string? ErrorMessage);
