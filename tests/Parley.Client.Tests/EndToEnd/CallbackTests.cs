using System.Text.Json;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Server.Callbacks;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// Event callbacks seen from C# clients (docs/callbacks.md): a room's life and its media reach the app's URL as the
/// vendor's room and media events (product-rules §8), and the before-send callback rejects (10016), rewrites, or — on
/// a timeout — lets through or refuses (90060) what clients send. A real server, a real receiver on loopback.
/// </summary>
public sealed class CallbackTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-callbacks-" + Guid.NewGuid().ToString("N"));
    private readonly List<ParleyClient> _clients = [];
    private ParleyTestServer _server = null!;
    private CallbackReceiver _receiver = null!;

    private string ClipPath => Path.Combine(_directory, "clip.ivf");

    private string VoicePath => Path.Combine(_directory, "voice.ogg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllBytesAsync(ClipPath, MediaFileFactory.Ivf(3000, 700, 1500, 700).ToArray());
        await File.WriteAllBytesAsync(VoicePath, MediaFileFactory.OggOpus(50).ToArray());
        _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
            ["Rooms:DissolveDelay"] = "00:00:00.5",
        });
        foreach (var role in new[] { "anchor", "guest" })
        {
            await SharedServerFixture.PutRoleAsync(_server, _server.DefaultApp.SdkAppId, "linux", role);
        }

        _receiver = await CallbackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_rooms_life_and_its_media_reach_the_apps_url_as_the_vendors_room_and_media_events()
    {
        var key = await _server.UseCallbackReceiverAsync(_receiver);
        var alice = await LoginAsync("ev_alice");
        const long Room = 424_242;

        await alice.JoinRoomAsync(Room, "anchor");
        var camera = new IvfFileTrack(ClipPath, MediaSource.Camera, loop: true);
        var microphone = new OggOpusFileTrack(VoicePath, loop: true);
        await alice.PublishAsync(camera);
        await alice.PublishAsync(microphone);
        await alice.MuteTrackAsync(camera, muted: true);
        await alice.MuteTrackAsync(camera, muted: false);
        await alice.UnpublishAsync(camera);
        await alice.ChangeRoleAsync("guest");
        await alice.ExitRoomAsync(); // the microphone stops with the exit; 0.5 s later the room dissolves

        // 101 103 | 201 203 202 201 202 | 105 204 104 102: delivered concurrently, so compared as a set, then in time order.
        var events = new List<ReceivedCallback>();
        while (events.Count < 11)
        {
            events.Add(await _receiver.NextAsync(Wait));
        }

        Assert.Equal([101, 102, 103, 104, 105, 201, 201, 202, 202, 203, 204], events.Select(e => e.EventType).Order());
        foreach (var e in events)
        {
            Assert.True(CallbackSigner.Verify(key, e.Body, e.Sign), $"{e.EventType}: Sign does not verify");
            Assert.Equal(_server.DefaultApp.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Header("SdkAppId"));
            Assert.Equal("", e.Query); // room callbacks carry no IM query parameters
            var body = e.Json;
            Assert.Equal(e.EventType / 100, body.GetProperty("EventGroupId").GetInt32());
            var info = body.GetProperty("EventInfo");
            Assert.Equal(Room, info.GetProperty("RoomId").GetInt64());
            Assert.Equal(info.GetProperty("EventMsTs").GetInt64() / 1000, info.GetProperty("EventTs").GetInt64());
            Assert.True(body.GetProperty("CallbackTs").GetInt64() >= info.GetProperty("EventMsTs").GetInt64());
            if (e.EventType != 102)
            {
                Assert.Equal("ev_alice", info.GetProperty("UserId").GetString());
            }
        }

        var info103 = Info(events, 103);
        Assert.Equal(("anchor", 1), (info103.GetProperty("Role").GetString(), info103.GetProperty("Reason").GetInt32()));
        Assert.Equal("guest", Info(events, 105).GetProperty("Role").GetString());
        var info104 = Info(events, 104);
        Assert.Equal((1, "exit"), (info104.GetProperty("Reason").GetInt32(), info104.GetProperty("ReasonName").GetString()));
        Assert.False(Info(events, 102).TryGetProperty("UserId", out _));

        // The room's own order holds in the events' times: created, entered, …, exited, dissolved.
        var byTime = events.OrderBy(e => e.Json.GetProperty("EventInfo").GetProperty("EventMsTs").GetInt64()).Select(e => e.EventType).ToList();
        Assert.Equal([101, 103], byTime[..2].Order());
        Assert.Equal(102, byTime[^1]);
    }

    [Fact]
    public async Task A_room_an_operator_dismisses_ends_with_its_media_stopping_its_members_exiting_and_the_room_dissolved()
    {
        await _server.UseCallbackReceiverAsync(_receiver, events: [102, 104, 204]);
        var alice = await LoginAsync("dm_alice");
        var bob = await LoginAsync("dm_bob");
        const long Room = 434_343;
        await alice.JoinRoomAsync(Room);
        await bob.JoinRoomAsync(Room);
        await alice.PublishAsync(new OggOpusFileTrack(VoicePath, loop: true));

        using var admin = _server.CreateAdminClient();
        using var dismissed = await admin.DeleteAsync(new Uri($"api/apps/{_server.DefaultApp.SdkAppId}/rooms/{Room}", UriKind.Relative));
        dismissed.EnsureSuccessStatusCode();

        var events = new List<ReceivedCallback>();
        while (events.Count < 4)
        {
            events.Add(await _receiver.NextAsync(Wait));
        }

        Assert.Equal([102, 104, 104, 204], events.Select(e => e.EventType).Order());
        Assert.Equal("dm_alice", Info(events, 204).GetProperty("UserId").GetString());
        var exits = events.Where(e => e.EventType == 104).Select(e => e.Json.GetProperty("EventInfo")).ToList();
        Assert.Equal(["dm_alice", "dm_bob"], exits.Select(i => i.GetProperty("UserId").GetString()).Order());
        Assert.All(exits, i => Assert.Equal((3, "dismissed"), (i.GetProperty("Reason").GetInt32(), i.GetProperty("ReasonName").GetString())));
        await Task.Delay(500);
        Assert.Equal(4, _receiver.Received.Count); // the members' own leaves afterwards find no room to leave
    }

    [Fact]
    public async Task A_group_message_the_app_rejects_fails_with_10016_and_reaches_nobody()
    {
        var (alice, bob, groupId) = await GroupOfTwoAsync("rj");
        await _server.UseCallbackReceiverAsync(_receiver, events: [], beforeSend: true);
        _receiver.Respond = r => Task.FromResult(MessageText(r.Json).Contains("spam", StringComparison.Ordinal)
            ? new CallbackAnswer(200, """{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"no spam here"}""")
            : CallbackAnswer.Ok);
        var received = Record<ChatMessageEventArgs>(h => bob.MessageReceived += h);

        var refused = await Assert.ThrowsAsync<ParleyException>(() => alice.SendGroupMessageAsync(groupId, MessageElements.Text("buy spam")));
        await alice.SendGroupMessageAsync(groupId, MessageElements.Text("hello"));

        Assert.Equal((10016, "no spam here"), (refused.Code, refused.Message));
        Assert.Equal("hello", (await received.NextAsync(Wait)).Text); // the refused one never came before it
        var question = _receiver.Received[0].Json;
        Assert.Equal(("Group.CallbackBeforeSendMsg", groupId, "Public"),
            (question.GetProperty("CallbackCommand").GetString(), question.GetProperty("GroupId").GetString(), question.GetProperty("Type").GetString()));
        Assert.Equal(alice.Identifier, question.GetProperty("From_Account").GetString());
        Assert.Contains("CallbackCommand=Group.CallbackBeforeSendMsg", _receiver.Received[0].Query, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.False(received.HasPending);
    }

    [Fact]
    public async Task A_message_the_app_rewrites_reaches_the_peer_and_the_history_rewritten()
    {
        var (alice, bob, groupId) = await GroupOfTwoAsync("rw");
        await _server.UseCallbackReceiverAsync(_receiver, events: [], beforeSend: true);
        _receiver.Respond = r => Task.FromResult(new CallbackAnswer(200,
            """{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":""" + MessageElements.Text(MessageText(r.Json).Replace("darn", "****", StringComparison.Ordinal)).GetRawText() + "}"));
        var received = Record<ChatMessageEventArgs>(h => bob.MessageReceived += h);

        await alice.SendC2CMessageAsync(bob.Identifier!, MessageElements.Text("darn it"));
        var c2c = await received.NextAsync(Wait);
        await alice.SendGroupMessageAsync(groupId, MessageElements.Text("oh darn"));
        var group = await received.NextAsync(Wait);

        Assert.Equal(("**** it", "oh ****"), (c2c.Text, group.Text));
        var history = await bob.GetMessagesAsync(groupId, null, count: 1);
        Assert.Equal("oh ****", MessageElements.TextOf(history.Messages[0].MsgBody));
        Assert.Equal("C2C.CallbackBeforeSendMsg", _receiver.Received[0].Json.GetProperty("CallbackCommand").GetString());
        Assert.Equal(bob.Identifier, _receiver.Received[0].Json.GetProperty("To_Account").GetString());
    }

    [Fact]
    public async Task When_the_before_send_callback_times_out_an_app_failing_open_sends_and_one_failing_closed_refuses_with_90060()
    {
        var (alice, bob, _) = await GroupOfTwoAsync("to");
        var received = Record<ChatMessageEventArgs>(h => bob.MessageReceived += h);
        // Longer than the client's own 5 s request timeout: only the 300 ms before-send timeout can answer in time.
        _receiver.Respond = async r =>
        {
            await Task.Delay(TimeSpan.FromSeconds(8), r.Aborted);
            return new CallbackAnswer(200, """{"ErrorCode":1}""");
        };

        await _server.UseCallbackReceiverAsync(_receiver, events: [], beforeSend: true, timeoutMs: 300, failOpen: true);
        await alice.SendC2CMessageAsync(bob.Identifier!, MessageElements.Text("open"));
        await _server.UseCallbackReceiverAsync(_receiver, events: [], beforeSend: true, timeoutMs: 300, failOpen: false);
        var closed = await Assert.ThrowsAsync<ParleyException>(() => alice.SendC2CMessageAsync(bob.Identifier!, MessageElements.Text("closed")));

        Assert.Equal("open", (await received.NextAsync(Wait)).Text);
        Assert.Equal(90060, closed.Code);
        Assert.Contains("300 ms", closed.Message, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.False(received.HasPending);
        Assert.Equal(2, _receiver.Received.Count);
    }

    private async Task<(ParleyClient Alice, ParleyClient Bob, string GroupId)> GroupOfTwoAsync(string prefix)
    {
        var alice = await LoginAsync(prefix + "_alice");
        var bob = await LoginAsync(prefix + "_bob");
        var created = await alice.CreateGroupAsync(new Parley.Protocol.Chat.CreateGroupParams("Public", prefix, Members: [bob.Identifier!]));
        return (alice, bob, created.GroupId);
    }

    private async Task<ParleyClient> LoginAsync(string identifier)
    {
        var client = TestClients.Create(_server.WebSocketUri);
        _clients.Add(client);
        await client.LoginAsync(_server.DefaultApp.SdkAppId, identifier, _server.UserSig(identifier));
        return client;
    }

    private static JsonElement Info(List<ReceivedCallback> events, int type) =>
        events.Single(e => e.EventType == type).Json.GetProperty("EventInfo");

    private static string MessageText(JsonElement question) =>
        string.Concat(question.GetProperty("MsgBody").EnumerateArray().Select(e => e.GetProperty("MsgContent").GetProperty("Text").GetString()));

    private static EventRecorder<TArgs> Record<TArgs>(Action<EventHandler<TArgs>> subscribe)
    {
        var recorder = new EventRecorder<TArgs>();
        subscribe(recorder.Handler);
        return recorder;
    }
}
