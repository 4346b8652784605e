namespace Parley.Client;

/// <summary>Another member's track was muted or unmuted (<c>trackMuted</c>): by the member, or by an operator (<see cref="ByAdmin"/>).</summary>
public sealed class TrackMutedEventArgs(long roomId, string identifier, string producerId, bool muted, bool byAdmin = false) : EventArgs
{
    public long RoomId { get; } = roomId;
    public string Identifier { get; } = identifier;
    public string ProducerId { get; } = producerId;
    public bool Muted { get; } = muted;

    /// <summary>True when an operator muted or released it through the admin API.</summary>
    public bool ByAdmin { get; } = byAdmin;
}
