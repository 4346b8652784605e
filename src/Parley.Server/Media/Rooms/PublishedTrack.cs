using Parley.Sfu;

namespace Parley.Server.Media.Rooms;

/// <summary>One producer of a participant, with what the room needs to describe it and to offer it to subscribers.</summary>
internal sealed class PublishedTrack(ParticipantMedia owner, string mid, TrackSource source, Producer producer, string codecName, int clockRate, int? channels, string? fmtp)
{
    public ParticipantMedia Owner { get; } = owner;

    /// <summary>The m= section of the publisher's send transport that carries it.</summary>
    public string Mid { get; } = mid;

    public TrackSource Source { get; } = source;

    public Producer Producer { get; } = producer;

    public string CodecName { get; } = codecName;

    public int ClockRate { get; } = clockRate;

    public int? Channels { get; } = channels;

    /// <summary>The publisher's fmtp for the codec (H.264 profile, VP9 profile), offered unchanged to subscribers.</summary>
    public string? Fmtp { get; } = fmtp;

    public string ProducerId => Producer.Id;

    /// <summary>Whether the member itself muted it (publish or muteTrack); an operator's lock may pause it too. Guarded by the owner's lock.</summary>
    public bool UserMuted { get; set; }

    /// <summary>The wire Producer, with the operator's lock on its source exactly (<c>adminMuted</c>, protocol.md §9).</summary>
    public Parley.Protocol.Messages.Producer ToInfo() => new(
        Producer.Id,
        Owner.Identifier,
        Source == TrackSource.Microphone ? "audio" : "video",
        Source.ToWire(),
        Producer.Paused,
        CodecName,
        Producer.LayerCount,
        Owner.IsAdminMuted(Source));
}
