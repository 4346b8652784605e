using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Auth;
using Parley.Protocol.Errors;
using Parley.Signaling.Grains;
using Parley.Signaling.MediaHooks;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// The media hook (ISessionMediaHandler): media methods reach the registered handler after signaling's own checks
/// (in a room, PrivateMapKey bits of docs/protocol.md §12), and every end of a stay is reported once.
/// </summary>
public sealed class MediaHookTests : IAsyncLifetime
{
    private readonly RecordingHandler _handler = new();
    private SignalingTestHost _host = null!;
    private SignalingTestHost _plainHost = null!;

    public async Task InitializeAsync()
    {
        _host = await SignalingTestHost.StartAsync(configureServices: s => s.AddSingleton<ISessionMediaHandler>(_handler));
        _plainHost = await SignalingTestHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _plainHost.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_handler_media_methods_say_media_is_not_enabled()
    {
        await using var client = await _plainHost.LoginAsync("hook_plain");
        Assert.Equal(ErrorCodes.NotInRoom, (await client.CallAsync("publish", new { sdp = "", tracks = Array.Empty<object>() })).ErrorCode());
        await client.CallAsync("joinRoom", new { roomId = 6001 });

        var response = await client.CallAsync("publish", new { sdp = "", tracks = Array.Empty<object>() });

        Assert.Equal(ErrorCodes.MethodNotFound, response.ErrorCode());
        Assert.Contains("not enabled", response.GetProperty("error").Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_reaches_the_handler_with_the_stay_and_its_answer_goes_back_verbatim()
    {
        await using var client = await _host.LoginAsync("hook_pub");
        await client.CallAsync("joinRoom", new { roomId = 6002, role = "anchor" });

        var result = (await client.CallAsync("publish", new { sdp = "v=0", tracks = new[] { new { mid = "0", source = "camera" } } })).Result();

        Assert.Equal("answer", result.Str("sdp"));
        var (method, stay, parameters) = Assert.Single(_handler.Calls, c => c.Stay.Identifier == "hook_pub");
        Assert.Equal("publish", method);
        Assert.Equal(6002, stay.RoomId);
        Assert.Equal(RoomPrivileges.All, stay.Privileges);
        Assert.Equal(client.LoginResult.Str("sessionId"), stay.SessionId);
        Assert.Contains("\"camera\"", parameters, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("microphone", RoomPrivileges.SendAudio)]
    [InlineData("camera", RoomPrivileges.SendVideo)]
    [InlineData("screen", RoomPrivileges.SendSubStream)]
    public async Task Publishing_a_source_needs_its_send_bit(string source, RoomPrivileges bit)
    {
        var identifier = "hook_send_" + source;
        var roomId = 6100u + (uint)bit;
        var without = RoomPrivileges.All & ~bit;
        await using var client = await _host.LoginAsync(identifier);
        await client.CallAsync("joinRoom", new { roomId, privateMapKey = _host.PrivateMapKey(identifier, roomId, without) });

        var refused = await client.CallAsync("publish", new { sdp = "v=0", tracks = new[] { new { mid = "0", source } } });

        Assert.Equal(ErrorCodes.NoPrivilege, refused.ErrorCode());
        Assert.DoesNotContain(_handler.Calls, c => c.Stay.Identifier == identifier);
        await client.CallAsync("exitRoom");
        await client.CallAsync("joinRoom", new { roomId, privateMapKey = _host.PrivateMapKey(identifier, roomId, RoomPrivileges.CreateRoom | RoomPrivileges.EnterRoom | bit) });
        Assert.Equal("answer", (await client.CallAsync("publish", new { sdp = "v=0", tracks = new[] { new { mid = "0", source } } })).Result().Str("sdp"));
    }

    [Theory]
    [InlineData("microphone", "audio", RoomPrivileges.ReceiveAudio)]
    [InlineData("camera", "video", RoomPrivileges.ReceiveVideo)]
    [InlineData("screen", "video", RoomPrivileges.ReceiveSubStream)]
    public async Task Subscribing_to_a_source_needs_its_receive_bit(string source, string kind, RoomPrivileges bit)
    {
        var identifier = "hook_recv_" + source;
        var roomId = 6200u + (uint)bit;
        await using var publisher = await _host.LoginAsync(identifier + "_p");
        await publisher.CallAsync("joinRoom", new { roomId });
        Assert.Equal(0, await _host.Room(roomId).AddProducer(identifier + "_p", publisher.LoginResult.Str("sessionId"), new RoomProducer("x" + source, kind, source, false)));
        await using var client = await _host.LoginAsync(identifier);
        await client.CallAsync("joinRoom", new { roomId, privateMapKey = _host.PrivateMapKey(identifier, roomId, RoomPrivileges.All & ~bit) });

        Assert.Equal(ErrorCodes.NoPrivilege, (await client.CallAsync("subscribe", new { producerId = "x" + source })).ErrorCode());
        Assert.Equal(ErrorCodes.ProducerNotFound, (await client.CallAsync("subscribe", new { producerId = "missing" })).ErrorCode());
        Assert.DoesNotContain(_handler.Calls, c => c.Stay.Identifier == identifier);
    }

    [Fact]
    public async Task Every_end_of_a_stay_is_reported_once_with_the_room_it_ended_in()
    {
        await using var client = await _host.LoginAsync("hook_left");
        await client.CallAsync("joinRoom", new { roomId = 6301 });
        await client.CallAsync("switchRoom", new { roomId = 6302 });
        await client.CallAsync("exitRoom");
        await client.CallAsync("joinRoom", new { roomId = 6303 });
        await client.CallAsync("logout");
        await client.WaitClosedAsync();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_handler.Left.Count(s => s.Identifier == "hook_left") < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal([6301L, 6302L, 6303L], _handler.Left.Where(s => s.Identifier == "hook_left").Select(s => s.RoomId).Order());
    }

    [Fact]
    public async Task The_handler_hears_of_a_published_track_in_the_stay_s_room_and_of_no_other_event()
    {
        await using var watcher = await _host.LoginAsync("hook_tp_watcher");
        await watcher.CallAsync("joinRoom", new { roomId = 6401 });
        await using var publisher = await _host.LoginAsync("hook_tp_publisher");
        await publisher.CallAsync("joinRoom", new { roomId = 6401, role = "anchor" });
        await watcher.NextEventAsync("memberEntered");
        await publisher.CallAsync("sendRoomMessage", new { data = "hello" });
        await watcher.NextEventAsync("roomMessage");
        Assert.DoesNotContain(_handler.TrackPublished, s => s.Identifier == "hook_tp_watcher");

        // The handler puts a producer in the room's book, as the media glue does: the room tells the others trackPublished.
        await publisher.CallAsync("publish", new { sdp = "v=0", tracks = new[] { new { mid = "0", source = "camera" } } });
        await watcher.NextEventAsync("trackPublished");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_handler.TrackPublished.Any(s => s.Identifier == "hook_tp_watcher") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var stay = Assert.Single(_handler.TrackPublished, s => s.Identifier == "hook_tp_watcher");
        Assert.Equal(6401, stay.RoomId);
        Assert.Equal(watcher.LoginResult.Str("sessionId"), stay.SessionId);
        // The publisher hears no trackPublished of its own track, so its glue is not told either.
        Assert.DoesNotContain(_handler.TrackPublished, s => s.Identifier == "hook_tp_publisher");
    }

    private sealed class RecordingHandler : ISessionMediaHandler
    {
        public ConcurrentQueue<(string Method, MediaSessionContext Stay, string Params)> Calls { get; } = new();

        public ConcurrentQueue<MediaSessionContext> Left { get; } = new();

        private ValueTask<MediaCallResult> Record(string method, MediaSessionContext stay, JsonElement parameters, string result = "{}")
        {
            Calls.Enqueue((method, stay, parameters.GetRawText()));
            return ValueTask.FromResult(MediaCallResult.Ok(result));
        }

        public ConcurrentQueue<MediaSessionContext> TrackPublished { get; } = new();

        public async ValueTask<MediaCallResult> CallAsync(MediaSessionContext session, string method, JsonElement parameters, CancellationToken cancellationToken)
        {
            if (method != "publish")
            {
                return await Record(method, session, parameters);
            }

            if (session.Identifier.StartsWith("hook_tp_", StringComparison.Ordinal))
            {
                await session.Room.AddProducer(session.IdentifierKey, session.SessionId, new RoomProducer("producer-" + session.SessionId, "video", "camera", Muted: false, "VP8"));
            }

            return await Record(method, session, parameters, "{\"sdp\":\"answer\",\"producers\":[]}");
        }

        public ValueTask OnTrackPublishedAsync(MediaSessionContext session)
        {
            TrackPublished.Enqueue(session);
            return ValueTask.CompletedTask;
        }

        public ConcurrentQueue<MediaSessionContext> Joined { get; } = new();

        public ValueTask OnJoinedAsync(MediaSessionContext session)
        {
            Joined.Enqueue(session);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnLeftAsync(MediaSessionContext session)
        {
            Left.Enqueue(session);
            return ValueTask.CompletedTask;
        }
    }
}
