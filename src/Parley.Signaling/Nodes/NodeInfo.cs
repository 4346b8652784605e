namespace Parley.Signaling.Nodes;

/// <summary>
/// One node as it describes itself: its silo address (<c>SiloAddress.ToParsableString()</c>), where clients reach it,
/// when it started, and the signaling sessions it holds — <paramref name="Sessions"/> logged in (suspended ones
/// included while their resume window lasts), <paramref name="Connections"/> WebSockets open (logged in or not).
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.NodeInfo")]
public sealed record NodeInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] string? PublicUrl,
    [property: Id(2)] string? SignalingUrl,
    [property: Id(3)] bool MediaStarted,
    [property: Id(4)] IReadOnlyList<NodeMediaAddress> MediaAddresses,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] int Sessions,
    [property: Id(7)] int Connections);
