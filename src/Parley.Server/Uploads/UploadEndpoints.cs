using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Parley.Protocol.Chat;
using Parley.Protocol.Errors;
using Parley.Server.Admin;
using Parley.Signaling.Login;

namespace Parley.Server.Uploads;

/// <summary>
/// Uploads for the media elements of messages (docs/uploads.md; issue "Groups and messages" §5):
/// <c>POST /upload?sdkappid=&amp;identifier=&amp;usersig=&amp;name=</c> with the file as the body (its Content-Type declared)
/// answers the UUID and URL that <c>TIMImageElem</c>, <c>TIMSoundElem</c>, <c>TIMFileElem</c> and <c>TIMVideoFileElem</c>
/// carry, and an image's format, width and height read from the file. <c>GET /files/{sdkAppId}/{uuid}</c> serves it to
/// any user of the same app (their userSig in the query string).
/// </summary>
internal static class UploadEndpoints
{
    public static void MapParleyUploads(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<UploadOptions>>().Value;
        endpoints.MapPost("/upload", UploadAsync)
            .WithName("Upload").WithTags("Uploads")
            .WithSummary("Upload a file for a message element: body = the file; query sdkappid, identifier, usersig, name?")
            .WithMetadata(new BodySizeLimit(options.MaxBytes))
            .Produces<UploadedFile>();
        endpoints.MapGet("/files/{sdkAppId:long}/{uuid}", DownloadAsync)
            .WithName("Download").WithTags("Uploads")
            .WithSummary("Download an uploaded file: query identifier and usersig of a user of the same app");
    }

    private static async Task<IResult> UploadAsync(HttpContext context, UserSigAuthenticator authenticator, IUploadStore store, IOptions<UploadOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!long.TryParse(query["sdkappid"], NumberStyles.None, CultureInfo.InvariantCulture, out var sdkAppId))
        {
            return ApiErrors.Validation("sdkappid, identifier and usersig are required in the query string.");
        }

        if (await CheckAsync(authenticator, sdkAppId, query, cancellationToken) is { } refused)
        {
            return refused;
        }

        var contentType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        if (!IsAllowed(contentType, options.Value.AllowedContentTypes))
        {
            return Results.Json(new ApiError(ErrorCodes.ValidationFailed, $"Content-Type '{contentType}' is not accepted; see Uploads:AllowedContentTypes."),
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var uuid = UploadIds.NewUuid();
        var written = await store.WriteAsync(sdkAppId, uuid, context.Request.Body, options.Value.MaxBytes, cancellationToken);
        if (written is not { } file)
        {
            return ApiErrors.TooLarge($"At most {options.Value.MaxBytes} bytes are accepted (Uploads:MaxBytes).");
        }

        var image = ImageInfo.TryRead(file.Head);
        if (contentType.StartsWith("image/", StringComparison.Ordinal) && (image is null || $"image/{(image.Value.Format == "jpg" ? "jpeg" : image.Value.Format)}" != contentType))
        {
            await store.DeleteAsync(sdkAppId, uuid, cancellationToken);
            return ApiErrors.Validation($"The file is not the {contentType} its Content-Type says.");
        }

        var name = query["name"].ToString() is { Length: > 0 and <= 255 } given ? Path.GetFileName(given) : null;
        var stored = new UploadedFile(uuid, $"/files/{sdkAppId.ToString(CultureInfo.InvariantCulture)}/{uuid}", contentType, file.Size, name, query["identifier"]!,
            time.GetUtcNow().ToUnixTimeSeconds(), image?.Format, image?.Width, image?.Height);
        await store.SaveMetadataAsync(sdkAppId, stored, cancellationToken);
        return Results.Json(stored, UploadJsonContext.Default.UploadedFile);
    }

    private static async Task<IResult> DownloadAsync(long sdkAppId, string uuid, HttpContext context, UserSigAuthenticator authenticator, IUploadStore store,
        CancellationToken cancellationToken)
    {
        if (await CheckAsync(authenticator, sdkAppId, context.Request.Query, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await store.FindAsync(sdkAppId, uuid, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound(ErrorCodes.ValidationFailed, "No such file in this app.");
        }

        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return found.Path is { } path
            ? Results.File(path, found.File.ContentType, found.File.FileName, enableRangeProcessing: true)
            : Results.File(found.Content!, found.File.ContentType, found.File.FileName, enableRangeProcessing: true);
    }

    /// <summary>A valid userSig of <paramref name="sdkAppId"/> in the query string, or the refusal to answer (401).</summary>
    private static async Task<IResult?> CheckAsync(UserSigAuthenticator authenticator, long sdkAppId, IQueryCollection query, CancellationToken cancellationToken)
    {
        string? identifier = query["identifier"];
        string? userSig = query["usersig"];
        if (string.IsNullOrEmpty(identifier) || string.IsNullOrEmpty(userSig))
        {
            return Results.Json(new ApiError(ErrorCodes.UserSigEmpty, "identifier and usersig are required in the query string."), statusCode: StatusCodes.Status401Unauthorized);
        }

        var check = await authenticator.CheckAsync(sdkAppId, identifier, userSig, cancellationToken);
        return check.IsValid ? null : Results.Json(new ApiError(check.ErrorCode, check.ErrorMessage), statusCode: StatusCodes.Status401Unauthorized);
    }

    private static bool IsAllowed(string contentType, IEnumerable<string> allowed) => contentType.Length > 0 && allowed.Any(a =>
        a.EndsWith("/*", StringComparison.Ordinal) ? contentType.StartsWith(a[..^1], StringComparison.Ordinal) : a == contentType);

    /// <summary>This endpoint's own body limit (<see cref="UploadOptions.MaxBytes"/>), applied by <c>RequestBodyLimitMiddleware</c>.</summary>
    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
