using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Signaling.Sessions.Transport;

/// <summary>
/// Answers WebSocket upgrades to <c>/ws</c> at the connection level, before Kestrel's HTTP/1.1 layer sees the
/// connection: the 101 is written here and the session's WebSocket runs on the connection's own pipes
/// (<see cref="ConnectionStream"/>). Why: an upgraded HTTP request keeps Kestrel's <c>Http1Connection</c>, its header
/// collections, the <c>HttpContext</c>, the request's <c>Activity</c> and logging and DI scopes alive for the whole life
/// of the socket — ≈ 6.5 KB of every idle session's memory (docs/benchmarks.md). Any other first request (another path,
/// TLS bytes, HTTP/2) goes on to Kestrel untouched, and <see cref="SignalingEndpoint"/> still serves <c>/ws</c> there.
/// <para>
/// Not taken over: connections when <c>Limits:TrustedProxies</c> is set (the client's address then comes from
/// <c>X-Forwarded-For</c>, which the HTTP path evaluates), or <c>Signaling:ConnectionLevelWebSockets=false</c>. A request
/// whose line says <c>/ws</c> but whose handshake is not a valid upgrade is answered 400 here, as the HTTP path does.
/// </para>
/// </summary>
internal static class WebSocketConnections
{
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    public static ConnectionDelegate Middleware(ConnectionDelegate next, IServiceProvider services)
    {
        SignalingServices? signaling = null;
        return async connection =>
        {
            signaling ??= services.GetRequiredService<SignalingServices>();
            if (!signaling.Options.ConnectionLevelWebSockets || signaling.Limits.TrustsProxies || !await TakeOverAsync(connection, signaling))
            {
                await next(connection);
            }
        };
    }

    /// <summary>Runs the session when the connection opens with a <c>/ws</c> request; false (nothing read) otherwise.</summary>
    private static async Task<bool> TakeOverAsync(ConnectionContext connection, SignalingServices signaling)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(HeadTimeout);
        ReadResult result;
        long headLength;
        try
        {
            result = await input.ReadAsync(timeout.Token);
            while (UpgradeRequest.IsForSignaling(result.Buffer) is null && !result.IsCompleted)
            {
                // Fewer than 8 bytes so far, all of them a prefix of "GET /ws ": too few to tell, so wait for more.
                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                result = await input.ReadAsync(timeout.Token);
            }
            if (UpgradeRequest.IsForSignaling(result.Buffer) != true)
            {
                input.AdvanceTo(result.Buffer.Start); // nothing consumed: Kestrel reads the same bytes
                return false;
            }
            // The request is ours from here: read the rest of its head.
            while ((headLength = FindHeadEnd(result.Buffer)) < 0)
            {
                if (result.IsCompleted || result.Buffer.Length > UpgradeRequest.MaxHeadBytes)
                {
                    input.AdvanceTo(result.Buffer.End);
                    await RespondAsync(connection, "400 Bad Request");
                    return true;
                }
                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                result = await input.ReadAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return true; // the client went away, or never finished its request head
        }

        var key = UpgradeRequest.TryGetKey(result.Buffer.Slice(0, headLength).ToArray());
        input.AdvanceTo(result.Buffer.GetPosition(headLength + HeadEnd.Length));
        if (key is null)
        {
            await RespondAsync(connection, "400 Bad Request");
            return true;
        }
        if (signaling.Registry.IsStopping)
        {
            await RespondAsync(connection, "503 Service Unavailable");
            return true;
        }

        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        await SignalingEndpoint.RunAsync(signaling, address, () => AcceptAsync(connection, key), connection.ConnectionClosed);
        return true;
    }

    private static async Task<WebSocket> AcceptAsync(ConnectionContext connection, string key)
    {
        var answer = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "
            + UpgradeRequest.AcceptValue(key) + "\r\n\r\n";
        await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(answer));
        var stream = new ConnectionStream(connection);
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        stream.Owner = socket;
        return socket;
    }

    private static async Task RespondAsync(ConnectionContext connection, string status)
    {
        try
        {
            await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or OperationCanceledException)
        {
            // The client is gone; nothing to tell it.
        }
    }

    /// <summary>Where the blank line ending the request head starts, or -1.</summary>
    private static long FindHeadEnd(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd, advancePastDelimiter: false) ? head.Length : -1;
    }
}
