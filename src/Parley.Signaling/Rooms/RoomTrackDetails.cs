namespace Parley.Signaling.Rooms;

/// <summary>
/// A published track (producer) of a member: <see cref="Source"/> microphone|camera|screen, <see cref="Kind"/> audio|video,
/// whether it is muted and whether an operator locked it muted. <see cref="BitrateBps"/> (incoming, last second, all
/// layers) and <see cref="PacketLoss"/> (fraction 0–1 lost in the last report interval, worst layer) come from the node
/// holding the room's media; null when it did not report them.
/// </summary>
public sealed record RoomTrackDetails(string ProducerId, string Source, string Kind, bool Muted, bool AdminMuted, string Codec, int Layers,
    long? BitrateBps, double? PacketLoss);
