using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Parley.Server.RestApi;

/// <summary>
/// Maps the vendor-compatible REST API (docs/rest-api.md): one route per command of <see cref="RestApiCommands"/> (so the
/// OpenAPI document lists each), and the generic <c>/v4/{service}/{command}</c> that answers the rest (10003).
/// </summary>
internal static class RestApiEndpoints
{
    private const string Tag = "REST API (vendor v4)";

    public static void MapParleyRestApi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (service, command, summary) in RestApiCommands.All)
        {
            endpoints.MapPost($"/v4/{service}/{command}", (HttpContext context, RestApiDispatcher dispatcher, CancellationToken cancellationToken) =>
                    HandleAsync(service, command, context, dispatcher, cancellationToken))
                .WithName($"v4_{service}_{command}")
                .WithTags(Tag)
                .WithSummary(summary)
                .WithDescription("Query string: sdkappid, identifier (the app admin), usersig (its userSig), random, contenttype=json. "
                    + "Always HTTP 200 with {ActionStatus, ErrorCode, ErrorInfo, …} (docs/rest-api.md).")
                .Accepts<object>("application/json")
                .Produces<object>();
        }

        endpoints.MapPost("/v4/{service}/{command}", HandleAsync)
            .WithName("VendorRestApi")
            .WithTags(Tag)
            .ExcludeFromDescription();
    }

    private static async Task<IResult> HandleAsync(string service, string command, HttpContext context, RestApiDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var result = await dispatcher.HandleAsync(service, command, context.Request, cancellationToken);

        // Always HTTP 200 (product-rules §7): the vendor's server SDKs read ErrorCode, and some treat any other status as
        // a transport failure. A refusal by an abuse limit (docs/limits.md) adds Retry-After for HTTP-aware clients.
        if (result.IsLimited && result.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Results.Text(result.ToJson().ToJsonString(), "application/json; charset=utf-8", statusCode: StatusCodes.Status200OK);
    }
}
