using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Signaling.Sessions;

/// <summary>The <c>/ws</c> request handler: upgrades to a WebSocket and runs one <see cref="SignalingSession"/> on it.</summary>
internal static class SignalingEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var services = context.RequestServices.GetRequiredService<SignalingServices>();
        if (services.Registry.IsStopping)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new SignalingSession(socket, services);
        await session.RunAsync(context.RequestAborted);
    }
}
