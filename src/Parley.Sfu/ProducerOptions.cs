namespace Parley.Sfu;

/// <summary>What a publisher announced for one track (from its SDP offer).</summary>
public sealed record ProducerOptions(MediaKind Kind, RtpCodec Codec)
{
    /// <summary>The producer's id; a new GUID when null.</summary>
    public string? Id { get; init; }

    /// <summary>One encoding (optionally with known SSRCs), or up to three with rids, smallest first.</summary>
    public IReadOnlyList<RtpEncoding> Encodings { get; init; } = [new RtpEncoding()];

    /// <summary>The publisher's mid for this track (a=mid), matched against the mid header extension.</summary>
    public string? Mid { get; init; }

    /// <summary>The header-extension ids negotiated on the send transport.</summary>
    public RtpHeaderExtensionIds HeaderExtensions { get; init; } = RtpHeaderExtensionIds.None;

    /// <summary>What the track is for: "camera", "microphone", "screen"… (opaque to the SFU).</summary>
    public string? Tag { get; init; }

    /// <summary>Start muted.</summary>
    public bool Paused { get; init; }
}
