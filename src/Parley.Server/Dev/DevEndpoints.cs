using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Protocol.Errors;
using Parley.Server.Admin;
using Parley.Server.Apps;
using Parley.Server.Hosting;

namespace Parley.Server.Dev;

/// <summary>
/// Conveniences for local development, mapped only with <c>--dev</c>: the "console tool" of R2.2 that generates a
/// userSig by hand, for the default app, without the admin token (the web console's tool, <c>POST /api/apps/{id}/usersig</c>,
/// signs through the same <see cref="AppService.IssueUserSigAsync"/> for any app, with the token).
/// </summary>
public static class DevEndpoints
{
    /// <summary>Validity of userSigs handed out by <c>/dev/usersig</c>: the vendor libraries' 180 days (R2.3).</summary>
    public const long UserSigExpireSeconds = 180L * 24 * 3600;

    public static IEndpointConventionBuilder MapParleyDevEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dev/usersig", GenerateUserSigAsync).WithName("DevUserSig").WithTags("Dev")
            .Produces<DevUserSigResponse>().Produces<ApiError>(StatusCodes.Status400BadRequest);

    private static async Task<IResult> GenerateUserSigAsync(string? identifier, ServerState state, AppService apps, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return ApiErrors.Validation("Query parameter identifier is required.");
        }

        // The app is re-read there: an operator may have deleted it (or rotated its key) since start.
        var issued = await apps.IssueUserSigAsync(state.DefaultApp.SdkAppId, identifier, UserSigExpireSeconds, cancellationToken);
        return issued is null
            ? ApiErrors.NotFound(ErrorCodes.AppNotFound, "The default app no longer exists.")
            : Results.Ok(new DevUserSigResponse(issued.SdkAppId, issued.Identifier, issued.UserSig));
    }
}
