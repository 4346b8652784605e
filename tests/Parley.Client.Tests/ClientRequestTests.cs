using Microsoft.Extensions.Time.Testing;
using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>Request/response plumbing against the scripted server: correlation, typed errors, timeouts, closed clients.</summary>
public sealed class ClientRequestTests : IAsyncLifetime
{
    private ScriptedSignalingServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedSignalingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Login_sends_the_credentials_and_platform_and_exposes_the_session()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);

        var login = await client.LoginAsync(TestClients.SdkAppId, "Alice", "sig-alice");

        var connection = await _server.NextConnectionAsync();
        var request = await connection.NextRequestAsync(Methods.Login);
        Assert.Equal(TestClients.SdkAppId, request.GetInt64("sdkAppId"));
        Assert.Equal("Alice", request.GetString("identifier"));
        Assert.Equal("sig-alice", request.GetString("userSig"));
        Assert.Equal("linux", request.GetString("platform"));
        Assert.True(client.IsLoggedIn);
        Assert.Equal("Alice", client.Identifier);
        Assert.Equal(login.Roles, client.Roles); // R4.6: the role snapshot pulled at login
        Assert.Equal(ParleyClientState.LoggedIn, client.State);
    }

    [Fact]
    public async Task Answers_are_matched_to_requests_by_id_even_when_they_arrive_out_of_order()
    {
        var held = new List<ScriptedRequest>();
        _server.Override = async (connection, request) =>
        {
            if (request.Method != Methods.Ping)
            {
                return false;
            }
            held.Add(request);
            if (held.Count == 3)
            {
                // Answer in reverse order; each answer carries its own id as the "server time".
                for (var i = held.Count - 1; i >= 0; i--)
                {
                    await connection.ReplyAsync(held[i].Id, new PingResult(held[i].Id), ProtocolJsonContext.Default.PingResult);
                }
            }
            return true;
        };
        await using var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        var pings = new[] { client.PingAsync(), client.PingAsync(), client.PingAsync() };
        var results = await Task.WhenAll(pings);

        var connection = await _server.NextConnectionAsync();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await connection.NextRequestAsync(Methods.Ping)).Id);
        }
        Assert.Equal(ids.Order(), results.Select(r => r.ServerTime).Order());
        Assert.Equal(3, results.Select(r => r.ServerTime).Distinct().Count());
    }

    [Fact]
    public async Task A_server_error_becomes_a_ParleyException_carrying_the_server_code() // R3.2
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.JoinRoomAsync(0));

        Assert.Equal(ErrorCodes.RoomIdInvalid, error.Code);
        Assert.Null(client.CurrentRoomId);
    }

    [Fact]
    public async Task Error_data_from_the_server_is_kept_as_raw_JSON()
    {
        _server.Override = async (connection, request) =>
        {
            if (request.Method != Methods.ChangeRole)
            {
                return false;
            }
            await connection.ReplyErrorAsync(request.Id, ErrorCodes.RoleNotFound, "no such role", "{\"role\":\"ghost\"}");
            return true;
        };
        await using var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.ChangeRoleAsync("ghost"));

        Assert.Equal(ErrorCodes.RoleNotFound, error.Code);
        Assert.Equal("no such role", error.Message);
        Assert.Equal("{\"role\":\"ghost\"}", error.ErrorData);
    }

    [Fact]
    public async Task A_login_refused_by_the_server_leaves_the_client_logged_out()
    {
        _server.Override = async (connection, request) =>
        {
            if (request.Method != Methods.Login)
            {
                return false;
            }
            await connection.ReplyErrorAsync(request.Id, ErrorCodes.UserSigSignatureMismatch, "bad signature");
            return true;
        };
        await using var client = TestClients.Create(_server.WebSocketUri);

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.LoginAsync(TestClients.SdkAppId, "alice", "forged"));

        Assert.Equal(ErrorCodes.UserSigSignatureMismatch, error.Code);
        Assert.False(client.IsLoggedIn);
        Assert.Equal(ParleyClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task A_request_without_an_answer_fails_with_the_timeout_code()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _server.AnswerPings = false;
        await using var client = TestClients.Create(_server.WebSocketUri, o =>
        {
            o.TimeProvider = time;
            o.RequestTimeout = TimeSpan.FromSeconds(5);
        });
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        var ping = client.PingAsync();
        await connection.NextRequestAsync(Methods.Ping);
        Assert.False(ping.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ParleyException>(() => ping);
        Assert.Equal(ErrorCodes.Timeout, error.Code);
        Assert.True(client.IsLoggedIn); // a timeout alone does not end the session
    }

    [Fact]
    public async Task Cancelling_a_request_throws_OperationCanceledException_and_keeps_the_session()
    {
        _server.AnswerPings = false;
        await using var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        using var cts = new CancellationTokenSource();

        var ping = client.PingAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ping);
        _server.AnswerPings = true;
        await client.PingAsync();
    }

    [Fact]
    public async Task Pending_requests_fail_with_ConnectionClosed_when_the_socket_drops()
    {
        _server.Override = (connection, request) =>
        {
            if (request.Method == Methods.ListMembers)
            {
                connection.Abort();
                return Task.FromResult(true);
            }
            return Task.FromResult(false);
        };
        await using var client = TestClients.Create(_server.WebSocketUri, o => o.AutoReconnect = false);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.ListMembersAsync());

        Assert.Equal(ErrorCodes.ConnectionClosed, error.Code);
    }

    [Fact]
    public async Task Calls_before_login_fail_with_NotLoggedIn()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.JoinRoomAsync(1234));

        Assert.Equal(ErrorCodes.NotLoggedIn, error.Code);
        Assert.Equal(0, _server.ConnectionCount);
    }

    [Fact]
    public async Task Calls_on_a_disposed_client_throw_ObjectDisposedException()
    {
        var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.JoinRoomAsync(1234));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.LoginAsync(TestClients.SdkAppId, "alice", "sig"));
        Assert.Equal(ParleyClientState.Disposed, client.State);
        await client.DisposeAsync(); // twice is fine
    }

    [Fact]
    public async Task A_second_login_on_the_same_client_fails_with_AlreadyLoggedIn()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.LoginAsync(TestClients.SdkAppId, "alice", "sig"));

        Assert.Equal(ErrorCodes.AlreadyLoggedIn, error.Code);
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_fails_with_ConnectionClosed()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var client = TestClients.Create(new Uri($"ws://127.0.0.1:{port}/ws"));

        var error = await Assert.ThrowsAsync<ParleyException>(() => client.LoginAsync(TestClients.SdkAppId, "alice", "sig"));

        Assert.Equal(ErrorCodes.ConnectionClosed, error.Code);
        Assert.Equal(ParleyClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task Room_state_follows_join_switch_change_role_and_exit() // R3.3, R4.3, R4.5
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");

        var joined = await client.JoinRoomAsync(1234, "unknown-role");
        Assert.False(joined.RequestedRoleFound); // R4.4: unknown role falls back to the default
        Assert.Equal(1234, client.CurrentRoomId);
        Assert.Equal("default", client.CurrentRole);

        await client.SwitchRoomAsync(5678, ScriptedSignalingServer.AnchorRole);
        Assert.Equal(5678, client.CurrentRoomId);
        Assert.Equal(ScriptedSignalingServer.AnchorRole, client.CurrentRole);

        await client.ChangeRoleAsync("default");
        Assert.Equal("default", client.CurrentRole);

        var exited = await client.ExitRoomAsync();
        Assert.Equal(5678, exited.RoomId);
        Assert.Null(client.CurrentRoomId);
        Assert.Null(client.CurrentRole);
    }

    [Fact]
    public async Task Logout_closes_the_socket_and_reports_a_normal_disconnect()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        client.Disconnected += disconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(1234);

        await client.LogoutAsync();

        var args = await disconnected.NextAsync();
        Assert.Equal(1000, args.CloseCode);
        Assert.False(args.WillReconnect);
        Assert.False(client.IsLoggedIn);
        Assert.Null(client.CurrentRoomId);
        Assert.Equal(1, _server.ConnectionCount);
        // And the client can log in again afterwards.
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        Assert.True(client.IsLoggedIn);
    }
}
