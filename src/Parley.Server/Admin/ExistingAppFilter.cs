using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Apps;

namespace Parley.Server.Admin;

/// <summary>
/// The check every <c>/api/apps/{sdkAppId}/…</c> endpoint starts with: an app that does not exist answers 404 (91002)
/// before the handler runs, whatever else is wrong with the request.
/// </summary>
internal static class ExistingAppFilter
{
    public static RouteHandlerBuilder RequireExistingApp(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var sdkAppId = Convert.ToInt64(http.Request.RouteValues["sdkAppId"], CultureInfo.InvariantCulture); // the route constrains it to a long
            var apps = http.RequestServices.GetRequiredService<AppService>();
            return await apps.FindAsync(sdkAppId, http.RequestAborted) is null
                ? ApiErrors.AppNotFound(sdkAppId)
                : await next(context);
        });
}
