using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;
using Parley.Protocol.Roles;

namespace Parley.Client.Tests.Support;

/// <summary>
/// A tiny JSON-RPC signaling server on Kestrel (127.0.0.1, free port) for the SDK's own tests: it answers every method
/// the way docs/protocol.md describes, and a test can take over any request through <see cref="Override"/> to script
/// delays, errors, notifications, fragmented or malformed frames, and closes. Real sockets, no mocks.
/// </summary>
public sealed class ScriptedSignalingServer : IAsyncDisposable
{
    public const string AnchorRole = "anchor";

    private readonly WebApplication _app;
    private readonly Channel<ScriptedConnection> _connections = Channel.CreateUnbounded<ScriptedConnection>();
    private readonly ConcurrentBag<ScriptedConnection> _all = [];
    private int _connectionCount;

    private ScriptedSignalingServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>ws://127.0.0.1:port/ws</summary>
    public Uri WebSocketUri { get; private set; } = null!;

    /// <summary>How many sockets the server has accepted.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Heartbeat announced in every login result.</summary>
    public int HeartbeatIntervalMs { get; set; } = 10_000;

    public int HeartbeatTimeoutMs { get; set; } = 30_000;

    /// <summary>The cluster's signaling URLs every login result names (<c>servers</c>); null: none.</summary>
    public IReadOnlyList<string>? Servers { get; set; }

    /// <summary>Answers pings unless a test wants a silent server.</summary>
    public bool AnswerPings { get; set; } = true;

    /// <summary>Runs before the default handler; return true when the request was handled.</summary>
    public Func<ScriptedConnection, ScriptedRequest, Task<bool>>? Override { get; set; }

    public static async Task<ScriptedSignalingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedSignalingServer(app);
        app.UseWebSockets();
        app.Map("/ws", server.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.WebSocketUri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
        return server;
    }

    /// <summary>Waits for the next socket the server accepts.</summary>
    public async Task<ScriptedConnection> NextConnectionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _connections.Reader.ReadAsync(cts.Token);
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new ScriptedConnection(Interlocked.Increment(ref _connectionCount), socket);
        _all.Add(connection);
        _connections.Writer.TryWrite(connection);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }
                    break;
                }
                var request = Parse(buffer.AsSpan(0, count));
                connection.Record(request);
                if (Override is { } custom && await custom(connection, request))
                {
                    continue;
                }
                await AnswerAsync(connection, request);
            }
        }
        catch (WebSocketException)
        {
            // The client dropped the socket; that is what several tests do.
        }
        catch (OperationCanceledException)
        {
            // Server stopping.
        }
        finally
        {
            connection.CompleteRequests();
        }
    }

    private static ScriptedRequest Parse(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray());
        var root = document.RootElement;
        var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
        return new ScriptedRequest(root.GetProperty("id").GetInt64(), root.GetProperty("method").GetString()!, parameters);
    }

    /// <summary>The default, protocol-following answers.</summary>
    public async Task AnswerAsync(ScriptedConnection connection, ScriptedRequest request)
    {
        var json = ProtocolJsonContext.Default;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        switch (request.Method)
        {
            case Methods.Login:
                connection.Identifier = request.GetString("identifier") ?? "";
                var login = new LoginResult(
                    "session" + connection.Number, connection.Identifier, now + 86_400_000, now,
                    HeartbeatIntervalMs, HeartbeatTimeoutMs, Roles(request.GetString("platform") ?? Platform.Linux), Servers: Servers);
                await connection.ReplyAsync(request.Id, login, json.LoginResult);
                break;
            case Methods.Ping when AnswerPings:
                await connection.ReplyAsync(request.Id, new PingResult(now), json.PingResult);
                break;
            case Methods.Ping:
                break;
            case Methods.JoinRoom or Methods.SwitchRoom:
                var roomId = request.GetInt64("roomId") ?? 0;
                if (roomId is < 1 or > 10_000_000)
                {
                    await connection.ReplyErrorAsync(request.Id, ErrorCodes.RoomIdInvalid, ErrorCodes.Describe(ErrorCodes.RoomIdInvalid));
                    break;
                }
                var roles = Roles(Platform.Linux);
                var requested = request.GetString("role");
                var role = roles.Resolve(requested);
                connection.RoomId = roomId;
                var self = new Member(connection.Identifier, role.Name, true, now);
                await connection.ReplyAsync(request.Id, new JoinRoomResult(roomId, role, roles.Find(requested) is not null, true, connection.Identifier, [self]), json.JoinRoomResult);
                break;
            case Methods.ExitRoom when connection.RoomId is long current:
                connection.RoomId = null;
                await connection.ReplyAsync(request.Id, new ExitRoomResult(current), json.ExitRoomResult);
                break;
            case Methods.ExitRoom or Methods.ListMembers:
                await connection.ReplyErrorAsync(request.Id, ErrorCodes.NotInRoom, ErrorCodes.Describe(ErrorCodes.NotInRoom));
                break;
            case Methods.ChangeRole:
                var found = Roles(Platform.Linux).Find(request.GetString("role"));
                if (found is null)
                {
                    await connection.ReplyErrorAsync(request.Id, ErrorCodes.RoleNotFound, ErrorCodes.Describe(ErrorCodes.RoleNotFound));
                    break;
                }
                await connection.ReplyAsync(request.Id, new ChangeRoleResult(connection.RoomId ?? 0, found), json.ChangeRoleResult);
                break;
            case Methods.Logout:
                await connection.ReplyAsync(request.Id, new EmptyResult(), json.EmptyResult);
                await connection.CloseAsync(CloseCodes.Normal, "logout");
                break;
            default:
                await connection.ReplyErrorAsync(request.Id, ErrorCodes.MethodNotFound, ErrorCodes.Describe(ErrorCodes.MethodNotFound));
                break;
        }
    }

    /// <summary>The role set every scripted login gets: the built-in default plus <see cref="AnchorRole"/>.</summary>
    public static RoleSet Roles(string platform) =>
        new(platform, RoleDefinition.BuiltInDefaultName,
        [
            RoleDefinition.BuiltInDefault(platform),
            new RoleDefinition(AnchorRole, platform, new VideoParameters(1280, 720, 30, 600, 2000), new AudioParameters(48000, 2, 64)),
        ]);

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _all)
        {
            connection.Abort();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var connection in _all)
        {
            connection.Dispose();
        }
    }
}
