namespace Parley.Load.Signaling;

/// <summary>
/// What one <c>parley-load signaling</c> run does. <see cref="MoreServers"/>: the other nodes of a cluster (client i
/// connects to node i mod n, the first being <see cref="Server"/>); <see cref="MoreServerPids"/>: their processes,
/// whose CPU time counts as server time too.
/// </summary>
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
    TimeSpan RequestTimeout,
    IReadOnlyList<Uri>? MoreServers = null,
    IReadOnlyList<int>? MoreServerPids = null);
