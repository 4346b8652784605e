namespace Parley.Load.Room;

/// <summary>What <c>parley-load room</c> runs: rooms × publishers × subscribers and the media rate.</summary>
public sealed record RoomSettings(
    Uri Server,
    int Rooms,
    int Publishers,
    int Subscribers,
    int PacketsPerSecondPerPublisher,
    int PayloadBytes,
    TimeSpan Warmup,
    TimeSpan Duration,
    int? ServerPid);
