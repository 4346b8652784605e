using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol.Errors;
using Parley.Protocol.Messages;

namespace Parley.Signaling.Sessions;

/// <summary>
/// The <c>/ws</c> request handler: admits the connection against <c>Limits:ConnectionsPerAddress</c>, upgrades to a
/// WebSocket and runs one <see cref="SignalingSession"/> on it. The connection's permit is held until the socket ends.
/// </summary>
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
        await RunAsync(services, context.Connection.RemoteIpAddress, () => context.WebSockets.AcceptWebSocketAsync(), context.RequestAborted);
    }

    /// <summary>
    /// Admits a connection from <paramref name="address"/> (<c>Limits:ConnectionsPerAddress</c>), upgrades it with
    /// <paramref name="accept"/> and runs its session until the socket ends; shared by this endpoint and the
    /// connection-level path (<see cref="Transport.WebSocketConnections"/>).
    /// </summary>
    internal static async Task RunAsync(SignalingServices services, System.Net.IPAddress? address, Func<Task<WebSocket>> accept, CancellationToken aborted)
    {
        if (!services.Limits.TryOpenConnection(address, out var connection, out _))
        {
            // Upgraded, then closed with 4029: a browser cannot read the status of a refused upgrade, but it sees a close code.
            using var refused = await accept();
            await RefuseAsync(refused, services.Options.CloseHandshakeTimeout);
            return;
        }
        using (connection)
        {
            using var socket = await accept();
            var session = new SignalingSession(socket, services, address);
            await session.RunAsync(aborted);
        }
    }

    /// <summary>Closes with 4029 and waits (bounded) for the client's close frame, so the close is not cut off by a reset.</summary>
    private static async Task RefuseAsync(WebSocket socket, TimeSpan closeHandshakeTimeout)
    {
        using var timeout = new CancellationTokenSource(closeHandshakeTimeout);
        try
        {
            await socket.CloseAsync((WebSocketCloseStatus)CloseCodes.TooManyConnections,
                $"Too many connections from this address ({ErrorCodes.ConnectionsLimitedPerAddress})", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away or never answered: nothing more to tell it.
        }
    }
}
