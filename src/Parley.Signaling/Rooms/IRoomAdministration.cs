namespace Parley.Signaling.Rooms;

/// <summary>Operator actions on live rooms (admin API).</summary>
public interface IRoomAdministration
{
    /// <summary>
    /// Removes <paramref name="identifier"/> (case-insensitive, R2.1) from the room: the room sees <c>memberExited</c>
    /// reason <c>kicked</c> (after its trackUnpublished), the user's session gets <c>kickedOut</c> and stays logged in.
    /// False when the user is not in that room.
    /// </summary>
    Task<bool> KickAsync(long sdkAppId, long roomId, string identifier, CancellationToken cancellationToken = default);
}
