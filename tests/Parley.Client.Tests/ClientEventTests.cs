using Parley.Client.Tests.Support;
using Parley.Protocol.Json;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>Server notifications become .NET events: decoded, in order, off the receive loop; bad frames are dropped.</summary>
public sealed class ClientEventTests : IAsyncLifetime
{
    private static readonly ProtocolJsonContext Json = ProtocolJsonContext.Default;
    private ScriptedSignalingServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedSignalingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Room_events_are_raised_in_the_order_the_server_sent_them()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var seen = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MemberEntered += (_, e) => seen.Add("entered " + e.Member.Identifier);
        client.RoleChanged += (_, e) => seen.Add($"role {e.Identifier} {e.Role}");
        client.MemberExited += (_, e) =>
        {
            seen.Add($"exited {e.Identifier} {e.Reason}");
            if (e.Identifier == "carol")
            {
                done.TrySetResult();
            }
        };
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(1234);
        var connection = await _server.NextConnectionAsync();

        await connection.NotifyAsync(Events.MemberEntered, new MemberEnteredEvent(1234, new Member("bob", "default", false, 1)), Json.MemberEnteredEvent);
        await connection.NotifyAsync(Events.RoleChanged, new RoleChangedEvent(1234, "bob", "anchor"), Json.RoleChangedEvent);
        await connection.NotifyAsync(Events.MemberEntered, new MemberEnteredEvent(1234, new Member("carol", "default", false, 2)), Json.MemberEnteredEvent);
        await connection.NotifyAsync(Events.MemberExited, new MemberExitedEvent(1234, "bob", ExitReasons.Exit), Json.MemberExitedEvent);
        await connection.NotifyAsync(Events.MemberExited, new MemberExitedEvent(1234, "carol", ExitReasons.Disconnected), Json.MemberExitedEvent);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["entered bob", "role bob anchor", "entered carol", "exited bob exit", "exited carol disconnected"], seen);
    }

    [Fact]
    public async Task A_blocked_event_handler_does_not_stall_requests()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        using var release = new ManualResetEventSlim();
        var handlerEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MemberEntered += (_, _) =>
        {
            handlerEntered.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(10));
        };
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        await connection.NotifyAsync(Events.MemberEntered, new MemberEnteredEvent(1, new Member("bob", "default", false, 1)), Json.MemberEnteredEvent);
        await handlerEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The handler is still blocked, yet the receive loop keeps answering requests.
        var pong = await client.PingAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(pong.ServerTime > 0);
        release.Set();
    }

    [Fact]
    public async Task A_throwing_event_handler_does_not_stop_later_events()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var second = new EventRecorder<MemberExitedEventArgs>();
        client.MemberEntered += (_, _) => throw new InvalidOperationException("app bug");
        client.MemberExited += second.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        await connection.NotifyAsync(Events.MemberEntered, new MemberEnteredEvent(1, new Member("bob", "default", false, 1)), Json.MemberEnteredEvent);
        await connection.NotifyAsync(Events.MemberExited, new MemberExitedEvent(1, "bob", ExitReasons.Exit), Json.MemberExitedEvent);

        Assert.Equal("bob", (await second.NextAsync()).Identifier);
    }

    [Fact]
    public async Task Malformed_frames_and_bad_event_params_are_dropped_and_the_session_survives()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var entered = new EventRecorder<MemberEnteredEventArgs>();
        client.MemberEntered += entered.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        await connection.SendTextAsync("this is not json");
        await connection.SendTextAsync("[1,2,3]");
        await connection.SendTextAsync("{\"jsonrpc\":\"2.0\",\"id\":\"str\",\"result\":{}}");
        await connection.SendTextAsync("{\"jsonrpc\":\"2.0\",\"id\":99999,\"result\":{}}");
        await connection.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"memberEntered\",\"params\":{\"roomId\":\"nope\"}}");
        await connection.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"memberEntered\"}");
        await connection.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"somethingNew\",\"params\":{}}");
        await connection.NotifyAsync(Events.MemberEntered, new MemberEnteredEvent(1, new Member("bob", "default", false, 1)), Json.MemberEnteredEvent);

        Assert.Equal("bob", (await entered.NextAsync()).Member.Identifier);
        Assert.False(entered.HasPending);
        Assert.True(client.IsLoggedIn);
        await client.PingAsync();
    }

    [Fact]
    public async Task A_message_split_over_several_frames_is_reassembled()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var entered = new EventRecorder<MemberEnteredEventArgs>();
        client.MemberEntered += entered.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();
        var longName = new string('b', 20_000); // larger than the receive buffer's first size too

        await connection.SendFragmentedAsync(
            "{\"jsonrpc\":\"2.0\",\"method\":\"memberEntered\",\"params\":{\"roomId\":9,\"member\":{\"identifier\":\"" + longName + "\",\"role\":\"default\",\"isOwner\":false,\"joinedAt\":1}}}",
            parts: 7);

        var args = await entered.NextAsync();
        Assert.Equal(9, args.RoomId);
        Assert.Equal(longName, args.Member.Identifier);
    }

    [Fact]
    public async Task A_server_frame_over_the_size_limit_closes_the_socket_with_1009()
    {
        await using var client = TestClients.Create(_server.WebSocketUri, o =>
        {
            o.MaxMessageBytes = 4096;
            o.AutoReconnect = false;
        });
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        client.Disconnected += disconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        await connection.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"pad\":\"" + new string('x', 10_000) + "\"}}");

        var args = await disconnected.NextAsync();
        Assert.Equal(1009, args.CloseCode);
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task ForceOffline_raises_its_event_then_a_final_disconnect_without_reconnecting()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var kicked = new EventRecorder<ForceOfflineEventArgs>();
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        client.ForceOffline += kicked.Handler;
        client.Disconnected += disconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(1234);
        var connection = await _server.NextConnectionAsync();

        await connection.NotifyAsync(Events.ForceOffline, new ForceOfflineEvent(ForceOfflineReasons.LoggedInElsewhere, "web"), Json.ForceOfflineEvent);
        await connection.CloseAsync(CloseCodes.ForceOffline, "forceOffline");

        Assert.Equal("web", (await kicked.NextAsync()).Platform);
        var args = await disconnected.NextAsync();
        Assert.Equal(CloseCodes.ForceOffline, args.CloseCode);
        Assert.False(args.WillReconnect);
        Assert.False(client.IsLoggedIn);
        Assert.Null(client.CurrentRoomId);
        await Task.Delay(300);
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task UserSigExpired_raises_its_event_and_ends_the_session() // R2.4
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var expired = new EventRecorder<UserSigExpiredEventArgs>();
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        client.UserSigExpired += expired.Handler;
        client.Disconnected += disconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        await connection.NotifyAsync(Events.UserSigExpired, new UserSigExpiredEvent(1_700_000_000_000), Json.UserSigExpiredEvent);
        await connection.CloseAsync(CloseCodes.UserSigExpired, "userSig expired");

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), (await expired.NextAsync()).ExpiredAt);
        var args = await disconnected.NextAsync();
        Assert.Equal(CloseCodes.UserSigExpired, args.CloseCode);
        Assert.False(args.WillReconnect);
        Assert.Equal(ParleyClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task Notifications_the_signaling_part_does_not_know_reach_the_extension_hook_and_extension_requests_work()
    {
        await using var client = TestClients.Create(_server.WebSocketUri);
        var received = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ExtensionNotification += (method, parameters) =>
        {
            if (method == "mediaTrackAdded")
            {
                received.TrySetResult(parameters.GetProperty("ssrc").GetInt64());
            }
        };
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();

        await connection.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"mediaTrackAdded\",\"params\":{\"ssrc\":1234}}");
        var pong = await client.InvokeAsync(Methods.Ping, new EmptyResult(), Json.EmptyResult, Json.PingResult, CancellationToken.None);

        Assert.Equal(1234, await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(pong.ServerTime > 0);
    }
}
