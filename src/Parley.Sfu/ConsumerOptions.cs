namespace Parley.Sfu;

/// <summary>How one subscriber receives one producer (from the recv transport's negotiation).</summary>
/// <param name="Ssrc">The SSRC the subscriber sees; unique on the recv transport.</param>
/// <param name="PayloadType">The payload type for the codec on the recv transport.</param>
public sealed record ConsumerOptions(uint Ssrc, byte PayloadType)
{
    /// <summary>The consumer's id; a new GUID when null.</summary>
    public string? Id { get; init; }

    /// <summary>RTX SSRC; retransmissions use RTX only when this and <see cref="RtxPayloadType"/> are both set.</summary>
    public uint? RtxSsrc { get; init; }

    public byte? RtxPayloadType { get; init; }

    /// <summary>The header-extension ids negotiated on the recv transport.</summary>
    public RtpHeaderExtensionIds HeaderExtensions { get; init; } = RtpHeaderExtensionIds.None;

    /// <summary>The subscriber-side mid (at most 16 bytes), written into the mid extension when negotiated.</summary>
    public string? Mid { get; init; }

    /// <summary>The feedback the subscriber negotiated for this codec.</summary>
    public RtcpFeedback Feedback { get; init; }

    /// <summary>Start paused (the default): signaling resumes once the subscriber is ready, which requests a key frame.</summary>
    public bool Paused { get; init; } = true;

    /// <summary>The highest spatial layer wanted (0 = smallest); null = the highest available.</summary>
    public int? PreferredSpatialLayer { get; init; }

    /// <summary>The highest temporal layer wanted (VP8 TID); null = all.</summary>
    public int? PreferredTemporalLayer { get; init; }
}
