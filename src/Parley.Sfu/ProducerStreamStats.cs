namespace Parley.Sfu;

/// <summary>One encoding (layer) of a producer.</summary>
public sealed record ProducerStreamStats
{
    public int Layer { get; init; }

    public string? Rid { get; init; }

    /// <summary>The layer's SSRC; null until known (rid-only encodings learn it from the first packet).</summary>
    public uint? Ssrc { get; init; }

    public uint? RtxSsrc { get; init; }

    public bool Active { get; init; }

    public long PacketsReceived { get; init; }

    public long BytesReceived { get; init; }

    /// <summary>Packets recovered through RTX.</summary>
    public long RetransmissionsReceived { get; init; }

    /// <summary>Packets already in the cache, dropped.</summary>
    public long DuplicatesDropped { get; init; }

    public long KeyFrames { get; init; }

    public long KeyFrameRequestsSent { get; init; }

    public long Bitrate { get; init; }

    /// <summary>
    /// Fraction (0–1) of the layer's packets lost in the last receiver-report interval (RFC 3550 A.3, what our RR said);
    /// null before the stream is valid.
    /// </summary>
    public double? FractionLost { get; init; }
}
