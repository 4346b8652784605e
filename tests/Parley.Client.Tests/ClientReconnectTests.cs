using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>Automatic reconnect: after non-terminal drops only, logging in again and re-joining the room with its role.</summary>
public sealed class ClientReconnectTests : IAsyncLifetime
{
    private ScriptedSignalingServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedSignalingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_dropped_socket_is_reconnected_with_the_same_userSig_and_the_room_is_rejoined_with_the_same_role()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Disconnected += disconnected.Handler;
        client.Reconnected += reconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig-1");
        await client.JoinRoomAsync(1234, ScriptedSignalingServer.AnchorRole);
        var first = await _server.NextConnectionAsync();

        first.Abort();

        var dropped = await disconnected.NextAsync();
        Assert.True(dropped.WillReconnect);
        Assert.Null(dropped.CloseCode);
        var second = await _server.NextConnectionAsync();
        var login = await second.NextRequestAsync(Methods.Login);
        Assert.Equal("sig-1", login.GetString("userSig"));
        var join = await second.NextRequestAsync(Methods.JoinRoom);
        Assert.Equal(1234, join.GetInt64("roomId"));
        Assert.Equal(ScriptedSignalingServer.AnchorRole, join.GetString("role"));
        var back = await reconnected.NextAsync();
        Assert.Equal(1, back.Attempts);
        Assert.Equal(1234, back.Room?.RoomId);
        Assert.Null(back.RejoinError);
        Assert.True(client.IsLoggedIn);
        Assert.Equal(1234, client.CurrentRoomId);
        Assert.Equal(ScriptedSignalingServer.AnchorRole, client.CurrentRole);
        await client.PingAsync();
    }

    [Fact]
    public async Task A_client_side_abort_also_reconnects_and_a_client_outside_a_room_does_not_join_one()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Reconnected += reconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        client.AbortConnectionForTesting();

        var back = await reconnected.NextAsync();
        Assert.Null(back.Room);
        Assert.Null(client.CurrentRoomId);
        await _server.NextConnectionAsync();
        var second = await _server.NextConnectionAsync();
        await second.NextRequestAsync(Methods.Login);
        await client.PingAsync();
        Assert.False(second.Requests.TryPeek(out var extra) && extra.Method == Methods.JoinRoom);
    }

    [Fact]
    public async Task Requests_during_a_reconnect_fail_with_ConnectionClosed()
    {
        // Refuse the new logins until the test has looked, so the client stays in Reconnecting however slow the machine.
        var refuse = true;
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Override = async (connection, request) =>
        {
            if (connection.Number > 1 && request.Method == Methods.Login && Volatile.Read(ref refuse))
            {
                await connection.ReplyErrorAsync(request.Id, ErrorCodes.InternalError, "busy");
                refused.TrySetResult();
                return true;
            }
            return false;
        };
        await using var client = TestClients.Create(_server.WebSocketUri);
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Reconnected += reconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var first = await _server.NextConnectionAsync();

        first.Abort();
        await SpinUntilAsync(() => client.State == ParleyClientState.Reconnecting);
        var error = await Assert.ThrowsAsync<ParleyException>(() => client.JoinRoomAsync(1));
        await refused.Task.WaitAsync(TimeSpan.FromSeconds(10)); // at least one refused attempt
        Volatile.Write(ref refuse, false);

        Assert.Equal(ErrorCodes.ConnectionClosed, error.Code);
        Assert.True((await reconnected.NextAsync()).Attempts >= 2);
        Assert.True(client.IsLoggedIn);
    }

    [Fact]
    public async Task Reconnecting_stops_when_the_server_refuses_the_userSig()
    {
        _server.Override = async (connection, request) =>
        {
            if (connection.Number > 1 && request.Method == Methods.Login)
            {
                await connection.ReplyErrorAsync(request.Id, ErrorCodes.UserSigExpired, "expired");
                return true;
            }
            return false;
        };
        await using var client = TestClients.Create(_server.WebSocketUri);
        var failed = new EventRecorder<ReconnectFailedEventArgs>();
        client.ReconnectFailed += failed.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        (await _server.NextConnectionAsync()).Abort();

        var args = await failed.NextAsync();

        Assert.Equal(ErrorCodes.UserSigExpired, Assert.IsType<ParleyException>(args.Error).Code);
        Assert.Equal(ParleyClientState.Disconnected, client.State);
        await Task.Delay(200);
        Assert.Equal(2, _server.ConnectionCount);
    }

    [Fact]
    public async Task Reconnecting_gives_up_after_the_configured_number_of_attempts()
    {
        _server.Override = async (connection, request) =>
        {
            if (connection.Number > 1 && request.Method == Methods.Login)
            {
                connection.Abort();
                await Task.CompletedTask;
                return true;
            }
            return false;
        };
        await using var client = TestClients.Create(_server.WebSocketUri, o => o.MaxReconnectAttempts = 3);
        var failed = new EventRecorder<ReconnectFailedEventArgs>();
        client.ReconnectFailed += failed.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        (await _server.NextConnectionAsync()).Abort();

        var args = await failed.NextAsync();

        Assert.Equal(3, args.Attempts);
        Assert.Equal(4, _server.ConnectionCount);
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task A_refused_rejoin_is_reported_and_the_session_stays_logged_in()
    {
        var (client, back, _) = await DropAndRejoinAsync(1234, refuseRejoin: _ => true);
        await using var disposeClient = client;

        Assert.Equal(ErrorCodes.RoomEnterFailed, back.RejoinError?.Code);
        Assert.True(client.IsLoggedIn);
        Assert.Null(client.CurrentRoomId);
    }

    [Fact]
    public async Task A_rejoin_refused_once_with_RoomEnterFailed_is_tried_again_and_the_client_is_back_in_its_room()
    {
        // During a failover the room may briefly be unreachable (-3301): the SDK tries the re-join again before reporting.
        var (client, back, rejoins) = await DropAndRejoinAsync(1235, refuseRejoin: attempt => attempt == 1);
        await using var disposeClient = client;

        Assert.Null(back.RejoinError);
        Assert.Equal(1235, back.Room?.RoomId);
        Assert.Equal(1235, client.CurrentRoomId);
        Assert.Equal(2, rejoins()); // the refused one, then the one that worked
    }

    /// <summary>
    /// Logs in, joins <paramref name="roomId"/>, drops the socket and waits for <c>Reconnected</c>; the server refuses the
    /// re-joins (numbered from 1) that <paramref name="refuseRejoin"/> picks with -3301. Answers how many re-joins came.
    /// </summary>
    private async Task<(ParleyClient Client, ReconnectedEventArgs Back, Func<int> Rejoins)> DropAndRejoinAsync(long roomId, Func<int, bool> refuseRejoin)
    {
        var rejoins = 0;
        _server.Override = async (connection, request) =>
        {
            if (connection.Number > 1 && request.Method == Methods.JoinRoom && refuseRejoin(Interlocked.Increment(ref rejoins)))
            {
                await connection.ReplyErrorAsync(request.Id, ErrorCodes.RoomEnterFailed, "the room cannot be reached (scripted)");
                return true;
            }
            return false;
        };
        var client = TestClients.Create(_server.WebSocketUri);
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Reconnected += reconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(roomId);
        (await _server.NextConnectionAsync()).Abort();
        return (client, await reconnected.NextAsync(), () => Volatile.Read(ref rejoins));
    }

    [Fact]
    public async Task Server_shutdown_does_not_reconnect_by_default()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        var shuttingDown = new EventRecorder<ServerShuttingDownEventArgs>();
        client.Disconnected += disconnected.Handler;
        client.ServerShuttingDown += shuttingDown.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        await connection.NotifyAsync(Events.ServerShuttingDown, new ServerShuttingDownEvent("maintenance"), ProtocolJsonContext.Default.ServerShuttingDownEvent);
        await connection.CloseAsync(CloseCodes.GoingAway, "shutting down");

        Assert.Equal("maintenance", (await shuttingDown.NextAsync()).Reason);
        var args = await disconnected.NextAsync();
        Assert.Equal(CloseCodes.GoingAway, args.CloseCode);
        Assert.False(args.WillReconnect);
        await Task.Delay(200);
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task Server_shutdown_reconnects_when_configured()
    {
        await using var client = TestClients.Create(_server.WebSocketUri, o => o.ReconnectOnServerShutdown = true);
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Reconnected += reconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(42);
        var connection = await _server.NextConnectionAsync();

        await connection.NotifyAsync(Events.ServerShuttingDown, new ServerShuttingDownEvent("rolling restart"), ProtocolJsonContext.Default.ServerShuttingDownEvent);
        await connection.CloseAsync(CloseCodes.GoingAway, "shutting down");

        Assert.Equal(42, (await reconnected.NextAsync()).Room?.RoomId);
    }

    [Fact]
    public async Task AutoReconnect_off_leaves_the_client_logged_out_after_a_drop()
    {
        await using var client = TestClients.Create(_server.WebSocketUri, o => o.AutoReconnect = false);
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        client.Disconnected += disconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        (await _server.NextConnectionAsync()).Abort();

        Assert.False((await disconnected.NextAsync()).WillReconnect);
        Assert.Equal(ParleyClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task Logout_during_a_reconnect_stops_it()
    {
        _server.Override = (connection, request) =>
        {
            if (connection.Number > 1)
            {
                connection.Abort();
                return Task.FromResult(true);
            }
            return Task.FromResult(false);
        };
        await using var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        (await _server.NextConnectionAsync()).Abort();
        await SpinUntilAsync(() => client.State == ParleyClientState.Reconnecting);

        await client.LogoutAsync();
        var connections = _server.ConnectionCount;
        await Task.Delay(500);

        Assert.Equal(ParleyClientState.Disconnected, client.State);
        Assert.Equal(connections, _server.ConnectionCount);
    }

    private static async Task SpinUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 10 s");
            await Task.Delay(5);
        }
    }
}
