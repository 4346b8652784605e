namespace Parley.Client.Media.Rooms;

/// <summary>One published track's counters.</summary>
public sealed record LocalTrackStats(string? ProducerId, MediaSource Source, string Codec, bool Muted, long PacketsSent, long FramesSent, long BytesSent);
