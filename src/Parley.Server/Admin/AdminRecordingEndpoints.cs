using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Runtime;
using Parley.Protocol.Errors;
using Parley.Server.Apps;
using Parley.Server.Media.Recording;
using Parley.Signaling.Rooms;

namespace Parley.Server.Admin;

/// <summary>
/// Recording rooms (docs/recording.md): start and stop a room's recording, list recordings, download a file. Start and
/// stop reach the node holding the room's media; a file is read from the node whose disk has it.
/// </summary>
internal static class AdminRecordingEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/apps/{sdkAppId:long}/rooms/{roomId:long}/recording", StartAsync).RequireExistingApp().WithName("StartRecording")
            .Produces<RecordingInfo>(StatusCodes.Status201Created).Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict).Produces<ApiError>(StatusCodes.Status500InternalServerError)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
        api.MapDelete("/apps/{sdkAppId:long}/rooms/{roomId:long}/recording", StopAsync).RequireExistingApp().WithName("StopRecording")
            .Produces<RecordingInfo>().Produces<ApiError>(StatusCodes.Status404NotFound).Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/apps/{sdkAppId:long}/recordings", ListAsync).RequireExistingApp().WithName("ListRecordings")
            .Produces<IReadOnlyList<RecordingInfo>>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapGet("/apps/{sdkAppId:long}/recordings/{recordingId}", GetAsync).RequireExistingApp().WithName("GetRecording")
            .Produces<RecordingInfo>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapGet("/apps/{sdkAppId:long}/recordings/{recordingId}/files/{fileName}", DownloadAsync).RequireExistingApp().WithName("DownloadRecordingFile")
            .Produces(StatusCodes.Status200OK, contentType: "video/webm", additionalContentTypes: ["audio/webm"])
            .Produces<ApiError>(StatusCodes.Status404NotFound).Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> StartAsync(long sdkAppId, long roomId, IRoomQueries rooms, RecordingService recordings,
        CancellationToken cancellationToken)
    {
        if (await rooms.GetRoomAsync(sdkAppId, roomId, cancellationToken) is null)
        {
            return ApiErrors.NotFound(ErrorCodes.RoomNotFound, $"Room {roomId} does not exist in app {sdkAppId} (never created, dissolved or dismissed).");
        }

        RecordingStartResult result;
        try
        {
            result = await recordings.StartAsync(sdkAppId, roomId, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return MediaNodeUnavailable();
        }

        return result.ErrorCode switch
        {
            0 => Results.Created($"/api/apps/{sdkAppId}/recordings/{result.Info!.RecordingId}", result.Info),
            ErrorCodes.RecordingAlreadyStarted => Results.Json(new ApiError(result.ErrorCode, result.ErrorMessage!), statusCode: StatusCodes.Status409Conflict),
            _ => Results.Json(new ApiError(result.ErrorCode, result.ErrorMessage ?? ErrorCodes.Describe(result.ErrorCode)), statusCode: StatusCodes.Status500InternalServerError),
        };
    }

    private static async Task<IResult> StopAsync(long sdkAppId, long roomId, RecordingService recordings, CancellationToken cancellationToken)
    {
        try
        {
            return await recordings.StopAsync(sdkAppId, roomId, cancellationToken) is { } info
                ? Results.Ok(info)
                : ApiErrors.NotFound(ErrorCodes.RecordingNotStarted, $"Room {roomId} of app {sdkAppId} is not being recorded.");
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return MediaNodeUnavailable();
        }
    }

    private static async Task<IResult> ListAsync(long sdkAppId, RecordingService recordings, HttpContext context, CancellationToken cancellationToken)
    {
        var (found, unreachable) = await recordings.ListAsync(sdkAppId, cancellationToken);
        if (unreachable.Count > 0)
        {
            // The list is still useful; a header says it may lack the recordings of nodes that did not answer.
            context.Response.Headers["Parley-Unreachable-Nodes"] = string.Join(',', unreachable);
        }

        return Results.Ok(found);
    }

    private static async Task<IResult> GetAsync(long sdkAppId, string recordingId, RecordingService recordings, CancellationToken cancellationToken)
    {
        return await recordings.FindAsync(sdkAppId, recordingId, cancellationToken) is { } info
            ? Results.Ok(info)
            : RecordingMissing(recordingId);
    }

    private static async Task<IResult> DownloadAsync(long sdkAppId, string recordingId, string fileName, RecordingService recordings,
        CancellationToken cancellationToken)
    {
        RecordingFileLocation? location;
        try
        {
            location = await recordings.LocateFileAsync(sdkAppId, recordingId, fileName, cancellationToken);
        }
        catch (TimeoutException)
        {
            return Results.Json(new ApiError(ErrorCodes.RecordingNodeUnavailable, ErrorCodes.Describe(ErrorCodes.RecordingNodeUnavailable)),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (location is null)
        {
            return ApiErrors.NotFound(ErrorCodes.RecordingNotFound, $"Recording {recordingId} of app {sdkAppId} has no file {fileName} on any node that answered.");
        }

        var contentType = RecordingFileNames.ContentTypeOf(fileName);
        return location.LocalPath is { } path
            ? Results.File(path, contentType, fileName, enableRangeProcessing: true)
            : new RemoteRecordingFileResult(location.Node!, sdkAppId, recordingId, fileName, location.Size, contentType);
    }

    private static IResult RecordingMissing(string recordingId) =>
        ApiErrors.NotFound(ErrorCodes.RecordingNotFound, $"No node has recording {recordingId}.");

    private static IResult MediaNodeUnavailable() =>
        Results.Json(new ApiError(ErrorCodes.MediaNodeUnavailable, ErrorCodes.Describe(ErrorCodes.MediaNodeUnavailable)), statusCode: StatusCodes.Status503ServiceUnavailable);
}
