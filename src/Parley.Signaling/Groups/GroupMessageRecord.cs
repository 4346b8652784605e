namespace Parley.Signaling.Groups;

/// <summary>
/// A stored group message (R6.1, product-rules §6): its per-group <paramref name="MsgSeq"/> (from 1), the sender's
/// <paramref name="MsgRandom"/>, the server time in Unix seconds, the sender (display spelling; the app admin for
/// messages the backend sends without one), the priority, the element array as JSON text in the vendor's format
/// (empty once recalled), and whether it was recalled.
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.GroupMessageRecord")]
public sealed record GroupMessageRecord(
    [property: Id(0)] long MsgSeq,
    [property: Id(1)] uint MsgRandom,
    [property: Id(2)] long MsgTime,
    [property: Id(3)] string From,
    [property: Id(4)] string Priority,
    [property: Id(5)] string MsgBody,
    [property: Id(6)] bool Recalled = false);
