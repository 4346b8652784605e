namespace Parley.Server.Media.Nodes;

/// <summary>
/// What the room's media node needs to know of one stay (a session in a room), sent once when the stay joins the
/// room's media (<see cref="IRoomMediaGrain.Join"/>). Plain values only: the stay's session may be on another node.
/// </summary>
/// <param name="StayId">The signaling stay (<c>MediaSessionContext.StayId</c>).</param>
/// <param name="SessionId">The signaling session.</param>
/// <param name="Identifier">Display spelling of the member (R2.1).</param>
/// <param name="RoleJson">The role in force, as <c>ProtocolJsonContext</c> JSON (R4.1).</param>
/// <param name="Privileges">The <c>RoomPrivileges</c> bits of the PrivateMapKey in force.</param>
/// <param name="AutoSubscribe">joinRoom's <c>autoSubscribe</c>.</param>
/// <param name="SignalingSilo">The node holding the session, so the media node can drop the stay if that node dies.</param>
[GenerateSerializer, Immutable, Alias("parley.MediaStayTicket")]
public sealed record MediaStayTicket(
    [property: Id(0)] string StayId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string Identifier,
    [property: Id(3)] string RoleJson,
    [property: Id(4)] long Privileges,
    [property: Id(5)] bool AutoSubscribe,
    [property: Id(6)] string SignalingSilo);
