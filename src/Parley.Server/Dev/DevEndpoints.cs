using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Server.Admin;
using Parley.Server.Hosting;
using Parley.Server.Storage;

namespace Parley.Server.Dev;

/// <summary>
/// Conveniences for local development, mapped only with <c>--dev</c>: the "console tool" of R2.2 that generates a
/// userSig by hand, for the default app.
/// </summary>
public static class DevEndpoints
{
    /// <summary>Validity of userSigs handed out by <c>/dev/usersig</c>: the vendor libraries' 180 days (R2.3).</summary>
    public const long UserSigExpireSeconds = 180L * 24 * 3600;

    public static IEndpointConventionBuilder MapParleyDevEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dev/usersig", GenerateUserSigAsync).WithName("DevUserSig").WithTags("Dev")
            .Produces<DevUserSigResponse>().Produces<ApiError>(StatusCodes.Status400BadRequest);

    private static async Task<IResult> GenerateUserSigAsync(string? identifier, ServerState state, IParleyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return ApiErrors.Validation("Query parameter identifier is required.");
        }

        // Re-read the app: an operator may have deleted it since start.
        var app = await store.Apps.FindAsync(state.DefaultApp.SdkAppId, cancellationToken);
        if (app is null)
        {
            return ApiErrors.NotFound(ErrorCodes.AppNotFound, "The default app no longer exists.");
        }

        var userSig = UserSigGenerator.Generate(app.SdkAppId, app.SecretKey, identifier, UserSigExpireSeconds, now: time.GetUtcNow());
        return Results.Ok(new DevUserSigResponse(app.SdkAppId, identifier, userSig));
    }
}
