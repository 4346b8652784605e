using Microsoft.AspNetCore.Http;
using Parley.Protocol.Errors;

namespace Parley.Server.Admin;

/// <summary>Builds the admin API's JSON error results with their HTTP status.</summary>
internal static class ApiErrors
{
    public static IResult Validation(string message) =>
        Results.Json(new ApiError(ErrorCodes.ValidationFailed, message), statusCode: StatusCodes.Status400BadRequest);

    public static IResult Unauthorized() =>
        Results.Json(new ApiError(ErrorCodes.AdminUnauthorized, ErrorCodes.Describe(ErrorCodes.AdminUnauthorized)), statusCode: StatusCodes.Status401Unauthorized);

    public static IResult TooLarge(string message) =>
        Results.Json(new ApiError(ErrorCodes.RequestTooLarge, message), statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult TooManyRequests(string message) =>
        Results.Json(new ApiError(ErrorCodes.TooManyRequests, message), statusCode: StatusCodes.Status429TooManyRequests);

    public static IResult AppNotFound(long sdkAppId) =>
        Results.Json(new ApiError(ErrorCodes.AppNotFound, $"No app has sdkAppId {sdkAppId}."), statusCode: StatusCodes.Status404NotFound);

    public static IResult NotFound(int code, string message) =>
        Results.Json(new ApiError(code, message), statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string message) =>
        Results.Json(new ApiError(ErrorCodes.Conflict, message), statusCode: StatusCodes.Status409Conflict);
}
