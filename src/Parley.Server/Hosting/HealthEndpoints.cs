using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Server.Storage;

namespace Parley.Server.Hosting;

/// <summary>
/// <c>GET /healthz</c>: 200 when the silo is active and the store answers, else 503; 503 <c>draining</c> from the moment
/// the node starts shutting down, so a load balancer stops sending it new sessions while the old ones move away.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointConventionBuilder MapParleyHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", CheckAsync).WithName("Health").WithTags("Health")
            .Produces<HealthStatus>().Produces<HealthStatus>(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> CheckAsync(SiloReadiness silo, IParleyStore store, IHostApplicationLifetime lifetime, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Results.Json(new HealthStatus("draining", silo.IsActive, Store: true), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var siloActive = silo.IsActive;
        var storeAnswers = await store.PingAsync(cancellationToken);
        if (siloActive && storeAnswers)
        {
            return Results.Ok(new HealthStatus("ok", siloActive, storeAnswers));
        }

        ServerLog.Unhealthy(loggers.CreateLogger(typeof(HealthEndpoints)), siloActive, storeAnswers);
        return Results.Json(new HealthStatus("unavailable", siloActive, storeAnswers), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
