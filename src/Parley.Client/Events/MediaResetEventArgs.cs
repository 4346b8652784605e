using Parley.Client.Media.Rooms;

namespace Parley.Client;

/// <summary>
/// The room's media moved to another server node (docs/protocol.md §10.9, <c>mediaReset</c>): the SDK closed both media
/// transports (every remote track was removed) and published the same local tracks again on a new connection;
/// <see cref="Producers"/> are their new producers. Remote tracks come back as the others publish again. When publishing
/// again failed (<see cref="RepublishError"/>), the tracks are kept and, while <see cref="WillRetry"/>, published again on a
/// timer with backoff (1 s, 2 s, 4 s … at most 15 s apart); <see cref="ParleyClient.MediaRepublished"/> says when that worked.
/// </summary>
public sealed class MediaResetEventArgs(long roomId, string reason, IReadOnlyList<ProducerInfo> producers, string? republishError, bool willRetry = false, int? republishErrorCode = null) : EventArgs
{
    public long RoomId { get; } = roomId;

    /// <summary><c>mediaNodeLost</c> (the node died) or <c>mediaNodeLeaving</c> (it shut down).</summary>
    public string Reason { get; } = reason;

    public IReadOnlyList<ProducerInfo> Producers { get; } = producers;

    /// <summary>Why publishing again failed, or null when every track is published again.</summary>
    public string? RepublishError { get; } = republishError;

    /// <summary>The catalog code of <see cref="RepublishError"/> when the server (or the SDK's request) gave one (<c>ErrorCodes</c>).</summary>
    public int? RepublishErrorCode { get; } = republishErrorCode;

    /// <summary>
    /// False with <see cref="RepublishError"/> set when retrying cannot cure it (no privilege, bad params, an operator's lock,
    /// the stay ended: the tracks no longer wait). True when the SDK keeps trying on a timer until the tracks are published again
    /// (<see cref="ParleyClient.MediaRepublished"/>), the stay ends, the app unpublishes them, or another reset comes.
    /// </summary>
    public bool WillRetry { get; } = willRetry;
}
