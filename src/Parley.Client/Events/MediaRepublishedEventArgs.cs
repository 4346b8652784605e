using Parley.Client.Media.Rooms;

namespace Parley.Client;

/// <summary>
/// The tracks a <see cref="ParleyClient.MediaReset"/> could not publish again at once (its
/// <see cref="MediaResetEventArgs.WillRetry"/> was true) are published again: a retry on the client's clock succeeded.
/// </summary>
public sealed class MediaRepublishedEventArgs(long roomId, string reason, IReadOnlyList<ProducerInfo> producers, int attempts) : EventArgs
{
    public long RoomId { get; } = roomId;

    /// <summary>The reason of the <see cref="ParleyClient.MediaReset"/> this follows (<see cref="MediaResetReasons"/>).</summary>
    public string Reason { get; } = reason;

    /// <summary>The producers of every track published again since that reset (those of the first attempt included).</summary>
    public IReadOnlyList<ProducerInfo> Producers { get; } = producers;

    /// <summary>How many attempts it took, counting the first one (the reset's own): 2 when the first retry succeeded.</summary>
    public int Attempts { get; } = attempts;
}
