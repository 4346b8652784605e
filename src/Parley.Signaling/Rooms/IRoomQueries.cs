namespace Parley.Signaling.Rooms;

/// <summary>Read-only view of live rooms for the admin API (e.g. <c>GET /api/apps/{id}/rooms</c>). Registered by <c>AddParleySignaling</c>.</summary>
public interface IRoomQueries
{
    /// <summary>The live rooms of an app (including empty rooms waiting to be dissolved, R3.5), by room number.</summary>
    Task<IReadOnlyList<RoomSummary>> ListRoomsAsync(long sdkAppId, CancellationToken cancellationToken = default);

    /// <summary>One live room with owner, members and their tracks, or null when it does not exist (never created, dissolved or dismissed).</summary>
    Task<RoomDetails?> GetRoomAsync(long sdkAppId, long roomId, CancellationToken cancellationToken = default);
}
