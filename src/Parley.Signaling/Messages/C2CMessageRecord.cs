namespace Parley.Signaling.Messages;

/// <summary>
/// A stored one-to-one message (product-rules §6): <paramref name="Id"/> rises per server (the C2C sync cursor and the
/// message's <c>MsgSeq</c> on the wire), sender and receiver in their display spellings, the sender's random, server
/// time in Unix seconds, the element array as JSON text (empty once recalled).
/// </summary>
[GenerateSerializer, Immutable, Alias("parley.C2CMessageRecord")]
public sealed record C2CMessageRecord(
    [property: Id(0)] long Id,
    [property: Id(1)] string From,
    [property: Id(2)] string To,
    [property: Id(3)] uint MsgRandom,
    [property: Id(4)] long MsgTime,
    [property: Id(5)] string MsgBody,
    [property: Id(6)] bool Recalled = false);
