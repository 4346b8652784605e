namespace Parley.Signaling.Rooms;

/// <summary>Operator actions on live rooms (admin API, docs/admin-api.md).</summary>
public interface IRoomAdministration
{
    /// <summary>
    /// Removes <paramref name="identifier"/> (case-insensitive, R2.1) from the room: the room sees <c>memberExited</c>
    /// reason <c>kicked</c> (after its trackUnpublished), the user's session gets <c>kickedOut</c> (reason <c>kicked</c>,
    /// vendorReason 1) and stays logged in. False when the user is not in that room.
    /// </summary>
    Task<bool> KickAsync(long sdkAppId, long roomId, string identifier, CancellationToken cancellationToken = default);

    /// <summary>
    /// Dismisses the room: every member's stay ends at once (each session gets <c>kickedOut</c> reason <c>dismissed</c>,
    /// vendorReason 2, and stays logged in) and the room is gone, not waiting for R3.5; a later join of the number creates
    /// a new room. False when the room does not exist. Works across the cluster: members are told through their user grains.
    /// </summary>
    Task<bool> DismissAsync(long sdkAppId, long roomId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes several users as <see cref="KickAsync"/> does, concurrently; null when the room does not exist.
    /// </summary>
    Task<RemoveUsersResult?> RemoveUsersAsync(long sdkAppId, long roomId, IReadOnlyList<string> identifiers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Mutes (or releases) the member's track of <paramref name="source"/> as an operator: its media stops being forwarded,
    /// the room sees <c>trackMuted</c> (byAdmin), the member gets <c>trackAdminMuted</c> and cannot unmute it (90030) until
    /// an operator releases it. 0; 91003 RoomNotFound (no such room, or the member is not in it); 90021 ProducerNotFound
    /// (the member publishes no such source); 90028 MediaNodeUnavailable (the room's media did not answer).
    /// </summary>
    Task<int> MuteTrackAsync(long sdkAppId, long roomId, string identifier, string source, bool muted, CancellationToken cancellationToken = default);
}
