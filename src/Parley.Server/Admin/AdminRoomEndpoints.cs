using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;
using Parley.Server.Apps;
using Parley.Signaling.Rooms;

namespace Parley.Server.Admin;

/// <summary>
/// Live rooms (R3) for operators: list and details, kick, remove users, dismiss, mute a member's track. Rooms are soft
/// state in signaling's grains, so these go through signaling's <see cref="IRoomQueries"/> and
/// <see cref="IRoomAdministration"/> instead of the store.
/// </summary>
internal static class AdminRoomEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/apps/{sdkAppId:long}/rooms", ListRoomsAsync).RequireExistingApp().WithName("ListRooms")
            .Produces<IReadOnlyList<RoomSummary>>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapGet("/apps/{sdkAppId:long}/rooms/{roomId:long}", GetRoomAsync).RequireExistingApp().WithName("GetRoom")
            .Produces<RoomDetails>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/apps/{sdkAppId:long}/rooms/{roomId:long}/members/{identifier}", KickAsync).RequireExistingApp().WithName("KickMember")
            .Produces(StatusCodes.Status204NoContent).Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/apps/{sdkAppId:long}/rooms/{roomId:long}", DismissAsync).RequireExistingApp().WithName("DismissRoom")
            .Produces(StatusCodes.Status204NoContent).Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/apps/{sdkAppId:long}/rooms/{roomId:long}/remove-users", RemoveUsersAsync).RequireExistingApp().WithName("RemoveUsers")
            .Produces<RemoveUsersResult>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/apps/{sdkAppId:long}/rooms/{roomId:long}/members/{identifier}/mute", MuteAsync).RequireExistingApp().WithName("MuteMemberTrack")
            .Produces(StatusCodes.Status204NoContent).Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound).Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>At most this many identifiers per remove-users call: each is a call to a user grain.</summary>
    internal const int MaxRemoveUsers = 100;

    private static async Task<IResult> DismissAsync(long sdkAppId, long roomId, IRoomAdministration rooms, CancellationToken cancellationToken)
    {
        return await rooms.DismissAsync(sdkAppId, roomId, cancellationToken)
            ? Results.NoContent()
            : RoomMissing(sdkAppId, roomId);
    }

    private static async Task<IResult> RemoveUsersAsync(long sdkAppId, long roomId, RemoveUsersRequest? request, IRoomAdministration rooms,
        CancellationToken cancellationToken)
    {
        if (request?.Identifiers is not { Count: > 0 and <= MaxRemoveUsers } identifiers || identifiers.Any(string.IsNullOrEmpty))
        {
            return ApiErrors.Validation($"identifiers must be an array of 1 to {MaxRemoveUsers} non-empty strings.");
        }

        return await rooms.RemoveUsersAsync(sdkAppId, roomId, [.. identifiers.Select(id => id!)], cancellationToken) is { } result
            ? Results.Ok(result)
            : RoomMissing(sdkAppId, roomId);
    }

    private static async Task<IResult> MuteAsync(long sdkAppId, long roomId, string identifier, MuteTrackRequest? request, IRoomAdministration rooms, CancellationToken cancellationToken)
    {
        if (TrackSources.KindOf(request?.Source) is null)
        {
            return ApiErrors.Validation($"source must be one of {TrackSources.Microphone}, {TrackSources.Camera}, {TrackSources.Screen}.");
        }

        return await rooms.MuteTrackAsync(sdkAppId, roomId, identifier, request!.Source!, request.Muted ?? true, cancellationToken) switch
        {
            0 => Results.NoContent(),
            ErrorCodes.ProducerNotFound => ApiErrors.NotFound(ErrorCodes.ProducerNotFound, $"{identifier} publishes no {request.Source} in room {roomId}."),
            ErrorCodes.MediaNodeUnavailable => Results.Json(new ApiError(ErrorCodes.MediaNodeUnavailable, ErrorCodes.Describe(ErrorCodes.MediaNodeUnavailable)),
                statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => ApiErrors.NotFound(ErrorCodes.RoomNotFound, $"{identifier} is not in room {roomId} of app {sdkAppId}."),
        };
    }

    private static IResult RoomMissing(long sdkAppId, long roomId) =>
        ApiErrors.NotFound(ErrorCodes.RoomNotFound, $"Room {roomId} does not exist in app {sdkAppId} (never created, dissolved or dismissed).");

    private static async Task<IResult> KickAsync(long sdkAppId, long roomId, string identifier, IRoomAdministration rooms,
        CancellationToken cancellationToken)
    {
        return await rooms.KickAsync(sdkAppId, roomId, identifier, cancellationToken)
            ? Results.NoContent()
            : ApiErrors.NotFound(ErrorCodes.RoomNotFound, $"{identifier} is not in room {roomId} of app {sdkAppId}.");
    }

    private static async Task<IResult> ListRoomsAsync(long sdkAppId, IRoomQueries rooms, CancellationToken cancellationToken)
    {
        return Results.Ok(await rooms.ListRoomsAsync(sdkAppId, cancellationToken));
    }

    private static async Task<IResult> GetRoomAsync(long sdkAppId, long roomId, IRoomQueries rooms, CancellationToken cancellationToken)
    {
        return await rooms.GetRoomAsync(sdkAppId, roomId, cancellationToken) is { } room
            ? Results.Ok(room)
            : RoomMissing(sdkAppId, roomId);
    }
}
