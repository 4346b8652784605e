using Microsoft.Extensions.Time.Testing;
using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>Heartbeats run on the injected clock: a FakeTimeProvider drives them, real sockets carry them.</summary>
public sealed class ClientHeartbeatTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ScriptedSignalingServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedSignalingServer.StartAsync();
        _server.HeartbeatIntervalMs = 1_000;
        _server.HeartbeatTimeoutMs = 3_000;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_client_pings_at_the_interval_announced_in_the_login_result()
    {
        await using var client = TestClients.Create(_server.WebSocketUri, o =>
        {
            o.TimeProvider = _time;
            o.SyncMessagesOnLogin = false; // nothing but pings should follow the login here
        });
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        var connection = await _server.NextConnectionAsync();
        await connection.NextRequestAsync(Methods.Login);

        Assert.False(connection.Requests.TryPeek(out _));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(100);
        Assert.False(connection.Requests.TryPeek(out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await connection.NextRequestAsync(Methods.Ping);
        _time.Advance(TimeSpan.FromSeconds(1));
        await connection.NextRequestAsync(Methods.Ping);
        Assert.True(client.IsLoggedIn);
    }

    [Fact]
    public async Task A_server_that_stays_silent_past_the_heartbeat_timeout_is_dropped_and_the_client_reconnects()
    {
        _server.AnswerPings = false;
        await using var client = TestClients.Create(_server.WebSocketUri, o =>
        {
            o.TimeProvider = _time;
            // The scripted server answers a sync with an error frame; arriving after the clock moved, it would count as
            // the server speaking and push the timeout out by a beat.
            o.SyncMessagesOnLogin = false;
        });
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        client.Disconnected += disconnected.Handler;
        client.Reconnected += reconnected.Handler;
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(1234, ScriptedSignalingServer.AnchorRole);
        var first = await _server.NextConnectionAsync();

        for (var i = 0; i < 2; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await first.NextRequestAsync(Methods.Ping);
        }
        _time.Advance(TimeSpan.FromSeconds(1)); // 3 s of silence: the heartbeat timeout
        for (var beat = 0; beat < 5 && !await disconnected.WaitForPendingAsync(TimeSpan.FromSeconds(2)); beat++)
        {
            // A timer tick that raced the advance is checked on the next beat; the silence only grows.
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var args = await disconnected.NextAsync();
        Assert.Null(args.CloseCode);
        Assert.Contains("heartbeat", args.Reason, StringComparison.Ordinal);
        Assert.True(args.WillReconnect);
        Assert.Equal(ParleyClientState.Reconnecting, client.State);

        // The backoff runs on the fake clock too.
        _server.AnswerPings = true;
        var next = _server.NextConnectionAsync();
        while (!next.IsCompleted)
        {
            // The reconnect loop arms its delay right after raising Disconnected: step the clock until it fires.
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(next, Task.Delay(20));
        }
        var second = await next;
        var join = await second.NextRequestAsync(Methods.JoinRoom);
        Assert.Equal(1234, join.GetInt64("roomId"));
        Assert.Equal(ScriptedSignalingServer.AnchorRole, join.GetString("role"));
        var back = await reconnected.NextAsync();
        Assert.Equal(1234, back.Room?.RoomId);
        Assert.True(client.IsLoggedIn);
    }
}
