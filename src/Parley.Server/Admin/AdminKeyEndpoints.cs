using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Auth;
using Parley.Server.Apps;
using Parley.Server.RestApi;
using Parley.Signaling.Login;

namespace Parley.Server.Admin;

/// <summary>
/// An app's signing material (R1.3) and the console's userSig tool (R2.2): rotate the secret key or key pair, and
/// sign a userSig for any identifier of an app. Used by the web console (<c>/console</c>, docs/console.md).
/// </summary>
internal static class AdminKeyEndpoints
{
    /// <summary>Longest validity the tool signs: ten years (the vendor's libraries take any number; 180 days is their default).</summary>
    public const long MaxExpireSeconds = 10L * 365 * 24 * 3600;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/apps/{sdkAppId:long}/rotate-key", RotateKeyAsync).WithName("RotateAppKey")
            .WithSummary("Replaces the app's secret key and/or key pair; a new private key is in this answer only.")
            .Produces<CreatedAppResponse>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPost("/apps/{sdkAppId:long}/usersig", IssueUserSigAsync).WithName("IssueUserSig")
            .WithSummary("Signs a userSig for an identifier of the app with its secret key (the console's userSig tool, R2.2).")
            .Produces<UserSigResponse>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RotateKeyAsync(long sdkAppId, RotateKeyRequest? request, AppService apps, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var secretKey = request?.SecretKey ?? true;
        var keyPair = request?.KeyPair ?? false;
        if (!secretKey && !keyPair)
        {
            return ApiErrors.Validation("Nothing to rotate: set secretKey and/or keyPair to true.");
        }

        var rotated = await apps.RotateKeysAsync(sdkAppId, secretKey, keyPair, cancellationToken);
        if (rotated is null)
        {
            return ApiErrors.AppNotFound(sdkAppId);
        }

        AdminKeyLog.KeysRotated(loggers.CreateLogger(typeof(AdminKeyEndpoints)), sdkAppId, secretKey, keyPair);
        return Results.Ok(CreatedAppResponse.From(rotated));
    }

    private static async Task<IResult> IssueUserSigAsync(long sdkAppId, UserSigRequest? request, AppService apps, IOptions<RestApiOptions> restApi,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var identifier = request?.RestApiAdmin == true ? restApi.Value.AdminIdentifier : request?.Identifier;
        if (!IdentifierRules.IsValid(identifier))
        {
            return ApiErrors.Validation(
                $"identifier must be 1-{IdentifierRules.MaxLength} ASCII letters, digits or underscores, not all digits (R2.1); or set restApiAdmin.");
        }

        var expireSeconds = request?.ExpireSeconds ?? UserSigGenerator.DefaultExpireSeconds;
        if (expireSeconds is < 1 or > MaxExpireSeconds)
        {
            return ApiErrors.Validation($"expireSeconds must be 1-{MaxExpireSeconds} (ten years).");
        }

        var issued = await apps.IssueUserSigAsync(sdkAppId, identifier!, expireSeconds, cancellationToken);
        if (issued is null)
        {
            return ApiErrors.AppNotFound(sdkAppId);
        }

        AdminKeyLog.UserSigIssued(loggers.CreateLogger(typeof(AdminKeyEndpoints)), sdkAppId, issued.Identifier, expireSeconds);
        return Results.Ok(UserSigResponse.From(issued));
    }
}
