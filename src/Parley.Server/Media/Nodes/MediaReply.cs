using Parley.Signaling.Grains;

namespace Parley.Server.Media.Nodes;

/// <summary>
/// The media node's answer to one media method (<see cref="IRoomMediaGrain.Call"/>): the JSON-RPC result or an error
/// code, and the producers the call added, closed or (un)muted, which the session's node then writes into the room
/// grain's producer book (that sends the track events).
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.MediaReply")]
public sealed record MediaReply(
    [property: Id(0)] string? ResultJson,
    [property: Id(1)] int ErrorCode,
    [property: Id(2)] string? ErrorMessage,
    [property: Id(3)] IReadOnlyList<RoomProducer> Added,
    [property: Id(4)] IReadOnlyList<string> Removed,
    [property: Id(5)] IReadOnlyList<RoomProducer> MuteChanged,
    [property: Id(6)] bool StayUnknown = false)
{
    /// <summary>The media node does not know the stay: the room's media was recreated since it joined.</summary>
    public static MediaReply UnknownStay() => new(null, 0, null, [], [], [], StayUnknown: true);

    public static MediaReply Ok(string resultJson = "{}") => new(resultJson, 0, null, [], [], []);

    public static MediaReply Error(int code, string? message) => new(null, code, message, [], [], []);
}
