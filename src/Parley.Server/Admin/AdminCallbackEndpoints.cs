using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Protocol.Errors;
using Parley.Server.Apps;
using Parley.Server.Callbacks;
using Parley.Server.Storage;
using Parley.Signaling.Callbacks;

namespace Parley.Server.Admin;

/// <summary>
/// An app's event callbacks (docs/callbacks.md, docs/admin-api.md): settings (GET/PUT), dead letters (list, send again).
/// </summary>
public static class AdminCallbackEndpoints
{
    public const int DefaultBeforeSendTimeoutMs = 2000;
    public const int MinBeforeSendTimeoutMs = 100;

    /// <summary>
    /// The longest before-send wait: a session's requests are handled in order, so its next ones wait behind it, and
    /// product-rules §8 gives callbacks 5 s.
    /// </summary>
    public const int MaxBeforeSendTimeoutMs = 5000;

    private const int MaxUrlLength = 2048;
    private const int DefaultDeadLetterPage = 100;
    private const int MaxDeadLetterPage = 500;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/apps/{sdkAppId:long}/callbacks", GetAsync).RequireExistingApp().WithName("GetCallbacks")
            .Produces<CallbackSettingsResponse>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPut("/apps/{sdkAppId:long}/callbacks", PutAsync).RequireExistingApp().WithName("PutCallbacks")
            .Produces<CallbackSettingsResponse>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapGet("/apps/{sdkAppId:long}/callbacks/dead-letters", ListDeadLettersAsync).RequireExistingApp().WithName("ListCallbackDeadLetters")
            .Produces<IReadOnlyList<DeadLetterResponse>>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/apps/{sdkAppId:long}/callbacks/dead-letters/{id:long}/retry", RetryDeadLetterAsync).RequireExistingApp().WithName("RetryCallbackDeadLetter")
            .Produces(StatusCodes.Status202Accepted).Produces<ApiError>(StatusCodes.Status404NotFound).Produces<ApiError>(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> GetAsync(long sdkAppId, IParleyStore store, CancellationToken cancellationToken)
    {
        var pending = await store.Callbacks.CountPendingAsync(sdkAppId, cancellationToken);
        return await store.Callbacks.GetSettingsAsync(sdkAppId, cancellationToken) is { } settings
            ? Results.Ok(CallbackSettingsResponse.From(settings, pending, showKey: false))
            : Results.Ok(CallbackSettingsResponse.None(pending));
    }

    private static async Task<IResult> PutAsync(long sdkAppId, CallbackSettingsRequest? request, IParleyStore store,
        CallbackSettingsCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiErrors.Validation("The body must be the callback settings: {\"url\":…,\"events\":…,\"beforeSend\":{…}}.");
        }

        if (Validate(request) is { } error)
        {
            return ApiErrors.Validation(error);
        }

        var existing = await store.Callbacks.GetSettingsAsync(sdkAppId, cancellationToken);
        var key = request.SigningKey ?? (request.RotateSigningKey ? null : existing?.SigningKey) ?? CallbackSigner.NewKey();
        var settings = new CallbackSettings(
            sdkAppId,
            request.Url,
            request.Events?.Distinct().Order().ToList(),
            request.BeforeSend?.Url,
            request.BeforeSend?.TimeoutMs ?? DefaultBeforeSendTimeoutMs,
            request.BeforeSend?.FailOpen ?? true,
            key,
            time.GetUtcNow());
        await store.Callbacks.PutSettingsAsync(settings, cancellationToken);
        cache.Invalidate(sdkAppId);
        var pending = await store.Callbacks.CountPendingAsync(sdkAppId, cancellationToken);
        return Results.Ok(CallbackSettingsResponse.From(settings, pending, showKey: key != existing?.SigningKey));
    }

    private static async Task<IResult> ListDeadLettersAsync(long sdkAppId, long? before, int? limit, IParleyStore store,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxDeadLetterPage)
        {
            return ApiErrors.Validation($"limit must be between 1 and {MaxDeadLetterPage}.");
        }

        var dead = await store.Callbacks.ListDeadLettersAsync(sdkAppId, before, limit ?? DefaultDeadLetterPage, cancellationToken);
        return Results.Ok(dead.Select(DeadLetterResponse.From).ToList());
    }

    private static async Task<IResult> RetryDeadLetterAsync(long sdkAppId, long id, IParleyStore store, CallbackDispatcher dispatcher,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.Callbacks.GetSettingsAsync(sdkAppId, cancellationToken) is not { Url: { } url })
        {
            return ApiErrors.Conflict($"App {sdkAppId} has no callback URL: PUT one before sending dead letters again.");
        }

        if (!await store.Callbacks.RequeueDeadLetterAsync(sdkAppId, id, url, time.GetUtcNow(), cancellationToken))
        {
            return ApiErrors.NotFound(ErrorCodes.CallbackDeadLetterNotFound, $"App {sdkAppId} has no dead letter {id}.");
        }

        dispatcher.Wake();
        return Results.Accepted();
    }

    private static string? Validate(CallbackSettingsRequest request)
    {
        if (UrlError("url", request.Url) is { } urlError)
        {
            return urlError;
        }

        if (request.Events?.Where(e => !AppEventTypes.IsKnown(e)).Select(e => (int?)e).FirstOrDefault() is { } unknown)
        {
            return $"events: {unknown} is not an event number ({string.Join(", ", AppEventTypes.All)}; null for all).";
        }

        if (request.BeforeSend is { } beforeSend)
        {
            if (UrlError("beforeSend.url", beforeSend.Url) is { } beforeSendError)
            {
                return beforeSendError;
            }

            if (beforeSend.TimeoutMs is < MinBeforeSendTimeoutMs or > MaxBeforeSendTimeoutMs)
            {
                return $"beforeSend.timeoutMs must be between {MinBeforeSendTimeoutMs} and {MaxBeforeSendTimeoutMs}.";
            }
        }

        if (request.SigningKey is { } key && (key.Length is < 16 or > 128 || key.Any(c => c is <= ' ' or > '~')))
        {
            return "signingKey must be 16 to 128 printable ASCII characters without spaces (or left out: Parley generates one).";
        }

        return null;
    }

    private static string? UrlError(string field, string? url) =>
        url is null || url.Length <= MaxUrlLength && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.Fragment)
            ? null
            : $"{field} must be an absolute http:// or https:// URL of at most {MaxUrlLength} characters without a fragment (or null).";
}
