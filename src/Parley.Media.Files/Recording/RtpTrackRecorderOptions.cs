namespace Parley.Media.Files.Recording;

/// <summary>How an <see cref="RtpTrackRecorder"/> reads its stream.</summary>
/// <param name="Codec">VP8 video or Opus audio.</param>
/// <param name="ClockRate">The RTP clock rate (90,000 for video, 48,000 for Opus).</param>
public sealed record RtpTrackRecorderOptions(RecordedCodec Codec, int ClockRate)
{
    /// <summary>Opus channels announced in the file (SDP says 2 for WebRTC's Opus; mono packets decode fine as stereo).</summary>
    public int Channels { get; init; } = 2;

    /// <summary>Reorder window in packets (a power of two).</summary>
    public int ReorderCapacity { get; init; } = 512;

    /// <summary>How long packets wait behind a missing one (for a retransmission) before it is given up.</summary>
    public TimeSpan MaxReorderDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>While waiting for a key frame, it is asked for again this often.</summary>
    public TimeSpan KeyFrameRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When the RTP clock and the arrival times disagree by more than this (the sender restarted its clock), the
    /// timeline is anchored again at the arrival time.
    /// </summary>
    public TimeSpan MaxClockDrift { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The recording's start in wall-clock time: time 0 of every file's timeline, written as the file's DateUTC.</summary>
    public DateTimeOffset? StartedAt { get; init; }
}
