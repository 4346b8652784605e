namespace Parley.Client;

/// <summary>
/// An operator muted (<see cref="AdminMuted"/> true) or released one of this client's published tracks (<c>trackAdminMuted</c>).
/// While muted by an operator the server forwards nothing of it and <c>MuteTrackAsync(track, false)</c> fails with 90030;
/// <see cref="Muted"/> says whether it is muted now (after a release it stays muted if the client had muted it too).
/// </summary>
public sealed class TrackAdminMutedEventArgs(long roomId, string producerId, string source, bool adminMuted, bool muted) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string ProducerId { get; } = producerId;

    /// <summary><c>microphone</c>, <c>camera</c> or <c>screen</c>.</summary>
    public string Source { get; } = source;

    public bool AdminMuted { get; } = adminMuted;
    public bool Muted { get; } = muted;
}
