namespace Parley.Protocol.Messages;

/// <summary>
/// <c>trackAdminMuted</c>, to the member whose track an operator muted or released (admin API, docs/protocol.md §11):
/// <paramref name="AdminMuted"/> is the operator's lock (while true the member cannot unmute the source; a new producer
/// of the same source starts muted), <paramref name="Muted"/> whether the producer is muted now (it stays muted after a
/// release when the member had muted it too). <paramref name="Source"/> is <c>microphone</c>, <c>camera</c> or <c>screen</c>.
/// </summary>
public sealed record TrackAdminMutedEvent(long RoomId, string ProducerId, string Source, bool AdminMuted, bool Muted);
