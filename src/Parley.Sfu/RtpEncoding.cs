namespace Parley.Sfu;

/// <summary>
/// One encoding (simulcast layer) of a producer: either known SSRCs (a=ssrc lines) or a rid (a=rid / a=simulcast),
/// whose SSRCs are learnt from the first packets carrying the rid / repaired-rid header extensions.
/// </summary>
public sealed record RtpEncoding
{
    public string? Rid { get; init; }

    public uint? Ssrc { get; init; }

    /// <summary>The RTX SSRC of this encoding (a=ssrc-group:FID); null when learnt from repaired-rid or absent.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>The publisher's configured maximum bitrate for this layer, if known (informational, for layer allocation).</summary>
    public long? MaxBitrate { get; init; }
}
