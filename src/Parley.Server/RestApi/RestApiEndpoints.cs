using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Parley.Server.RestApi;

/// <summary>Maps the vendor-compatible REST API (docs/rest-api.md).</summary>
internal static class RestApiEndpoints
{
    public static void MapParleyRestApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/v4/{service}/{command}", HandleAsync)
            .WithName("VendorRestApi")
            .WithTags("REST API (vendor v4)")
            .WithSummary("The vendor's v4 REST API: app admin userSig in the query string, JSON body, ActionStatus/ErrorCode/ErrorInfo envelope (docs/rest-api.md)")
            .Accepts<object>("application/json")
            .Produces<object>();

    private static async Task<IResult> HandleAsync(string service, string command, HttpContext context, RestApiDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var result = await dispatcher.HandleAsync(service, command, context.Request, cancellationToken);
        return Results.Text(result.ToJson().ToJsonString(), "application/json; charset=utf-8", statusCode: StatusCodes.Status200OK);
    }
}
