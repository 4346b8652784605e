namespace Parley.Signaling.MediaHooks;

/// <summary>
/// The outcome of <see cref="IRoomMediaControl.SetAdminMuteAsync"/>: <see cref="ErrorCode"/> 0 (else 90021 ProducerNotFound
/// when the media has no such producer of that session), and whether the producer is paused now.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.AdminMuteResult")]
public sealed record AdminMuteResult(int ErrorCode, bool Muted);
