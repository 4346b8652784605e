namespace Parley.Load.Signaling;

/// <summary>What one <c>parley-load signaling</c> run does.</summary>
public sealed record SignalingSettings(
    Uri Server,
    int Clients,
    int Rooms,
    int Concurrency,
    TimeSpan Duration,
    TimeSpan Settle,
    int? ServerPid,
    string Platform,
    string? Role,
    TimeSpan RequestTimeout);
