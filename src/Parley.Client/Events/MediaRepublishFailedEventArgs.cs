namespace Parley.Client;

/// <summary>
/// A retry of publishing the tracks again after a <see cref="ParleyClient.MediaReset"/> (or a re-join) failed. While
/// <see cref="WillRetry"/> the SDK tries again later; when false the error cannot pass by retrying (the role or key no
/// longer allows publishing, an operator's lock, the stay ended …): the tracks no longer wait and the app decides.
/// </summary>
public sealed class MediaRepublishFailedEventArgs(long roomId, string reason, string error, int? errorCode, int attempts, bool willRetry) : EventArgs
{
    public long RoomId { get; } = roomId;

    /// <summary>The reason of the reset this follows (<see cref="Media.Rooms.MediaResetReasons"/>).</summary>
    public string Reason { get; } = reason;

    /// <summary>Why the attempt failed.</summary>
    public string Error { get; } = error;

    /// <summary>The catalog code of <see cref="Error"/> (<c>ErrorCodes</c>), or null when the failure was not a Parley error.</summary>
    public int? ErrorCode { get; } = errorCode;

    /// <summary>How many attempts failed so far, counting the first one (the reset's own).</summary>
    public int Attempts { get; } = attempts;

    /// <summary>True when the SDK retries on its timer; false when it gave up and the tracks no longer wait.</summary>
    public bool WillRetry { get; } = willRetry;
}
