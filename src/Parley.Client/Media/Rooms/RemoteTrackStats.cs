namespace Parley.Client.Media.Rooms;

/// <summary>One received track's counters.</summary>
public sealed record RemoteTrackStats(string ProducerId, string Identifier, MediaSource Source, long PacketsReceived, long BytesReceived, long FramesReceived, long PacketsLost);
