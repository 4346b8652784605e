using Parley.Client.Media.Rooms;

namespace Parley.Client;

/// <summary>
/// The room's media moved to another server node (docs/protocol.md §10.9, <c>mediaReset</c>): the SDK closed both media
/// transports (every remote track was removed) and published the same local tracks again on a new connection;
/// <see cref="Producers"/> are their new producers. Remote tracks come back as the others publish again. When publishing
/// again failed (<see cref="RepublishError"/>), the tracks are kept and, while <see cref="WillRetry"/>, published again on a
/// timer with backoff (1 s, 2 s, 4 s … at most 15 s apart); <see cref="ParleyClient.MediaRepublished"/> says when that worked.
/// </summary>
public sealed class MediaResetEventArgs(long roomId, string reason, IReadOnlyList<ProducerInfo> producers, string? republishError, bool willRetry = false) : EventArgs
{
    public long RoomId { get; } = roomId;

    /// <summary><c>mediaNodeLost</c> (the node died) or <c>mediaNodeLeaving</c> (it shut down).</summary>
    public string Reason { get; } = reason;

    public IReadOnlyList<ProducerInfo> Producers { get; } = producers;

    /// <summary>Why publishing again failed, or null when every track is published again.</summary>
    public string? RepublishError { get; } = republishError;

    /// <summary>
    /// True when <see cref="RepublishError"/> is set and the SDK keeps trying on a timer until the tracks are published again
    /// (<see cref="ParleyClient.MediaRepublished"/>), the stay ends, the app unpublishes them, or another reset comes.
    /// </summary>
    public bool WillRetry { get; } = willRetry;
}
