using Parley.Sfu;

namespace Parley.Server.Media.Rooms;

/// <summary>
/// One m= section of a participant's recv transport: the consumer it carries, or nothing once that consumer closed
/// (the section is then offered as stopped, port 0, and stays in place so the m= order never changes).
/// </summary>
internal sealed class ConsumerSlot(string mid, PublishedTrack track, Consumer consumer, uint ssrc, uint? rtxSsrc, int payloadType, int? rtxPayloadType)
{
    public string Mid { get; } = mid;

    public PublishedTrack Track { get; } = track;

    public Consumer Consumer { get; } = consumer;

    public uint Ssrc { get; } = ssrc;

    public uint? RtxSsrc { get; } = rtxSsrc;

    public int PayloadType { get; } = payloadType;

    public int? RtxPayloadType { get; } = rtxPayloadType;

    public bool Stopped { get; set; }

    /// <summary>An offer has carried this section stopped (port 0): its mid can never be used again.</summary>
    public bool StopOffered { get; set; }

    /// <summary>An answer that accepted the section has arrived (until then the consumer stays paused).</summary>
    public bool Answered { get; set; }

    /// <summary>Answered while the recv transport was not connected yet: resumed once it is (see ResumeAnsweredConsumers).</summary>
    public bool AwaitingConnection { get; set; }

    public int? PreferredLayer { get; set; }

    public ConsumerInfo ToInfo() => new(
        Consumer.Id,
        Track.ProducerId,
        Track.Owner.Identifier,
        Track.Source == TrackSource.Microphone ? "audio" : "video",
        Track.Source.ToWire(),
        Mid,
        Track.Source == TrackSource.Microphone ? null : Consumer.CurrentSpatialLayer,
        PreferredLayer);
}
