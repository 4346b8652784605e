using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Parley.Protocol.Errors;
using Parley.Protocol.Roles;
using Parley.Server.Apps;
using Parley.Server.Storage;

namespace Parley.Server.Admin;

/// <summary>
/// The admin REST API under <c>/api</c> (apps R1 and their keys, roles R4, live rooms R3), guarded by the admin token. Documented in
/// docs/admin-api.md and in the OpenAPI document.
/// </summary>
public static class AdminApiEndpoints
{
    public static RouteGroupBuilder MapParleyAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithMetadata(AdminTokenRequired.Instance).WithTags("Admin");

        api.MapPost("/apps", CreateAppAsync).WithName("CreateApp")
            .Produces<CreatedAppResponse>(StatusCodes.Status201Created).Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized).Produces<ApiError>(StatusCodes.Status409Conflict);
        api.MapGet("/apps", ListAppsAsync).WithName("ListApps").Produces<IReadOnlyList<AppResponse>>();
        api.MapGet("/apps/{sdkAppId:long}", GetAppAsync).WithName("GetApp")
            .Produces<AppResponse>().Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPatch("/apps/{sdkAppId:long}", UpdateAppAsync).WithName("UpdateApp")
            .Produces<AppResponse>().Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/apps/{sdkAppId:long}", DeleteAppAsync).WithName("DeleteApp")
            .Produces(StatusCodes.Status204NoContent).Produces<ApiError>(StatusCodes.Status404NotFound);

        api.MapGet("/apps/{sdkAppId:long}/roles", ListRolesAsync).RequireExistingApp().WithName("ListRoles")
            .Produces<IReadOnlyList<RoleDefinition>>().Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapPut("/apps/{sdkAppId:long}/roles/{platform}/{name}", PutRoleAsync).RequireExistingApp().WithName("PutRole")
            .Produces<RoleDefinition>().Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        api.MapDelete("/apps/{sdkAppId:long}/roles/{platform}/{name}", DeleteRoleAsync).RequireExistingApp().WithName("DeleteRole")
            .Produces(StatusCodes.Status204NoContent).Produces<ApiError>(StatusCodes.Status404NotFound);

        AdminRoomEndpoints.Map(api);
        AdminRecordingEndpoints.Map(api);
        AdminKeyEndpoints.Map(api);
        AdminCallbackEndpoints.Map(api);
        AdminClusterEndpoints.Map(api);
        return api;
    }

    private static async Task<IResult> CreateAppAsync(CreateAppRequest? request, AppService apps, CancellationToken cancellationToken)
    {
        try
        {
            var created = await apps.CreateAsync(request?.Name, request?.AccountType, request?.WithKeyPair ?? false, cancellationToken,
                request?.RequirePrivateMapKey ?? false);
            return Results.Created($"/api/apps/{created.App.SdkAppId}", CreatedAppResponse.From(created));
        }
        catch (ArgumentException e)
        {
            return ApiErrors.Validation(e.Message);
        }
        catch (StoreConflictException e)
        {
            return ApiErrors.Conflict(e.Message);
        }
    }

    private static async Task<IResult> ListAppsAsync(AppService apps, CancellationToken cancellationToken)
    {
        var all = await apps.ListAsync(cancellationToken);
        return Results.Ok(all.Select(AppResponse.From).ToList());
    }

    private static async Task<IResult> GetAppAsync(long sdkAppId, AppService apps, CancellationToken cancellationToken) =>
        await apps.FindAsync(sdkAppId, cancellationToken) is { } app ? Results.Ok(AppResponse.From(app)) : ApiErrors.AppNotFound(sdkAppId);

    private static async Task<IResult> UpdateAppAsync(long sdkAppId, UpdateAppRequest? request, AppService apps, CancellationToken cancellationToken)
    {
        if (request?.RequirePrivateMapKey is not { } required)
        {
            return await apps.FindAsync(sdkAppId, cancellationToken) is { } unchanged
                ? Results.Ok(AppResponse.From(unchanged))
                : ApiErrors.AppNotFound(sdkAppId);
        }

        return await apps.SetRequirePrivateMapKeyAsync(sdkAppId, required, cancellationToken) is { } app
            ? Results.Ok(AppResponse.From(app))
            : ApiErrors.AppNotFound(sdkAppId);
    }

    private static async Task<IResult> DeleteAppAsync(long sdkAppId, AppService apps, CancellationToken cancellationToken) =>
        await apps.DeleteAsync(sdkAppId, cancellationToken) ? Results.NoContent() : ApiErrors.AppNotFound(sdkAppId);

    private static async Task<IResult> ListRolesAsync(long sdkAppId, string? platform, IParleyStore store, CancellationToken cancellationToken)
    {
        string? normalized = null;
        if (platform is not null && !Platform.TryNormalize(platform, out normalized))
        {
            return ApiErrors.Validation($"platform must be one of {string.Join(", ", Platform.All)}.");
        }

        return Results.Ok(await store.Roles.ListAsync(sdkAppId, normalized, cancellationToken));
    }

    private static async Task<IResult> PutRoleAsync(
        long sdkAppId, string platform, string name, PutRoleRequest? request, IParleyStore store, CancellationToken cancellationToken)
    {
        if (!RoleValidation.TryCreate(platform, name, request, out var role, out var error))
        {
            return ApiErrors.Validation(error);
        }

        await store.Roles.UpsertAsync(sdkAppId, role!, cancellationToken);
        return Results.Ok(role);
    }

    private static async Task<IResult> DeleteRoleAsync(
        long sdkAppId, string platform, string name, IParleyStore store, CancellationToken cancellationToken)
    {
        if (!Platform.TryNormalize(platform, out var normalized))
        {
            return ApiErrors.Validation($"platform must be one of {string.Join(", ", Platform.All)}.");
        }

        return await store.Roles.DeleteAsync(sdkAppId, normalized, name, cancellationToken)
            ? Results.NoContent()
            : ApiErrors.NotFound(ErrorCodes.RoleNotFound, $"No role '{name}' is configured for platform {normalized}.");
    }
}
