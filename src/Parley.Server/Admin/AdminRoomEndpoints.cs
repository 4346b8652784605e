using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Protocol.Errors;
using Parley.Server.Apps;
using Parley.Signaling.Rooms;

namespace Parley.Server.Admin;

/// <summary>
/// Read-only views of live rooms (R3) for operators. Rooms are soft state in signaling's grains, so these read through
/// signaling's <see cref="IRoomQueries"/> instead of the store.
/// </summary>
internal static class AdminRoomEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/apps/{sdkAppId:long}/rooms", ListRoomsAsync).WithName("ListRooms")
            .Produces<IReadOnlyList<RoomSummary>>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapGet("/apps/{sdkAppId:long}/rooms/{roomId:long}", GetRoomAsync).WithName("GetRoom")
            .Produces<RoomDetails>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/apps/{sdkAppId:long}/rooms/{roomId:long}/members/{identifier}", KickAsync).WithName("KickMember")
            .Produces(StatusCodes.Status204NoContent).Produces<ApiError>(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> KickAsync(long sdkAppId, long roomId, string identifier, AppService apps, IRoomAdministration rooms,
        CancellationToken cancellationToken)
    {
        if (await apps.FindAsync(sdkAppId, cancellationToken) is null)
        {
            return ApiErrors.AppNotFound(sdkAppId);
        }

        return await rooms.KickAsync(sdkAppId, roomId, identifier, cancellationToken)
            ? Results.NoContent()
            : ApiErrors.NotFound(ErrorCodes.RoomNotFound, $"{identifier} is not in room {roomId} of app {sdkAppId}.");
    }

    private static async Task<IResult> ListRoomsAsync(long sdkAppId, AppService apps, IRoomQueries rooms, CancellationToken cancellationToken)
    {
        if (await apps.FindAsync(sdkAppId, cancellationToken) is null)
        {
            return ApiErrors.AppNotFound(sdkAppId);
        }

        return Results.Ok(await rooms.ListRoomsAsync(sdkAppId, cancellationToken));
    }

    private static async Task<IResult> GetRoomAsync(long sdkAppId, long roomId, AppService apps, IRoomQueries rooms, CancellationToken cancellationToken)
    {
        if (await apps.FindAsync(sdkAppId, cancellationToken) is null)
        {
            return ApiErrors.AppNotFound(sdkAppId);
        }

        return await rooms.GetRoomAsync(sdkAppId, roomId, cancellationToken) is { } room
            ? Results.Ok(room)
            : ApiErrors.NotFound(ErrorCodes.RoomNotFound, $"Room {roomId} does not exist in app {sdkAppId} (never created, or dissolved).");
    }
}
