using Microsoft.Extensions.DependencyInjection;
using Parley.Auth;
using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Signaling.Grains;
using Parley.Signaling.Rooms;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>The SDK's non-media room extras against the real server: PrivateMapKey, room messages, track events, kickedOut.</summary>
public sealed class RoomExtrasTests(SharedServerFixture fixture) : IClassFixture<SharedServerFixture>, IAsyncLifetime
{
    private readonly List<ParleyClient> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    private long App => fixture.Server.DefaultApp.SdkAppId;

    private async Task<(ParleyClient Client, string Identifier)> LoginAsync(string name, string? privateMapKey = null)
    {
        var identifier = fixture.NewIdentifier(name);
        var client = TestClients.Create(fixture.Server.WebSocketUri);
        _clients.Add(client);
        await client.LoginAsync(App, identifier, fixture.Server.UserSig(identifier), privateMapKey);
        return (client, identifier);
    }

    private string Key(string identifier, long roomId, RoomPrivileges privileges) =>
        PrivateMapKeyGenerator.Generate(App, fixture.Server.DefaultApp.SecretKey, identifier, 3600, (uint)roomId, privileges);

    private static EventRecorder<TArgs> Record<TArgs>(Action<EventHandler<TArgs>> subscribe)
    {
        var recorder = new EventRecorder<TArgs>();
        subscribe(recorder.Handler);
        return recorder;
    }

    [Fact]
    public async Task A_PrivateMapKey_on_join_limits_entry_and_reports_its_bits()
    {
        // docs/protocol.md §12
        var room = fixture.NewRoomId();
        var (alice, aliceId) = await LoginAsync("pmk");

        var refused = await Assert.ThrowsAsync<ParleyException>(() => alice.JoinRoomAsync(room, null, Key(aliceId, room, RoomPrivileges.EnterRoom)));
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, refused.Code);

        var joined = await alice.JoinRoomAsync(room, null, Key(aliceId, room, RoomPrivileges.CreateRoom | RoomPrivileges.EnterRoom | RoomPrivileges.ReceiveVideo));
        Assert.Equal(1 | 2 | 32, joined.Privileges);
    }

    [Fact]
    public async Task A_PrivateMapKey_given_at_login_applies_to_joins()
    {
        var room = fixture.NewRoomId();
        var identifier = fixture.NewIdentifier("pmklogin");
        var client = TestClients.Create(fixture.Server.WebSocketUri);
        _clients.Add(client);
        await client.LoginAsync(App, identifier, fixture.Server.UserSig(identifier), Key(identifier, room, RoomPrivileges.All));

        Assert.Equal(255, (await client.JoinRoomAsync(room)).Privileges);
        var other = await Assert.ThrowsAsync<ParleyException>(() => client.SwitchRoomAsync(room + 1));
        Assert.Equal(ErrorCodes.PrivilegeCheckFailed, other.Code);
    }

    [Fact]
    public async Task Room_messages_arrive_as_events_with_sender_and_seq()
    {
        var room = fixture.NewRoomId();
        var (alice, aliceId) = await LoginAsync("msga");
        var (bob, _) = await LoginAsync("msgb");
        var bobHears = Record<RoomMessageEventArgs>(h => bob.RoomMessageReceived += h);
        await alice.JoinRoomAsync(room);
        await bob.JoinRoomAsync(room);

        Assert.Equal(1, (await alice.SendRoomMessageAsync("hi", cmdId: 2)).Seq);
        var tooBig = await Assert.ThrowsAsync<ParleyException>(() => alice.SendRoomMessageAsync(new string('x', 1025)));

        var message = await bobHears.NextAsync();
        Assert.Equal(aliceId, message.From);
        Assert.Equal("hi", message.Data);
        Assert.Equal(2, message.CmdId);
        Assert.Equal(1, message.Seq);
        Assert.Equal(ErrorCodes.RoomMessageTooLarge, tooBig.Code);
    }

    [Fact]
    public async Task Track_events_and_kickedOut_reach_the_SDK()
    {
        var room = fixture.NewRoomId();
        var (alice, aliceId) = await LoginAsync("tracka");
        var (bob, _) = await LoginAsync("trackb");
        var published = Record<TrackPublishedEventArgs>(h => bob.TrackPublished += h);
        var muted = Record<TrackMutedEventArgs>(h => bob.TrackMuted += h);
        var available = Record<UserAvailabilityEventArgs>(h => bob.UserAvailabilityChanged += h);
        var unpublished = Record<TrackUnpublishedEventArgs>(h => bob.TrackUnpublished += h);
        var kicked = Record<KickedOutEventArgs>(h => alice.KickedOut += h);
        await alice.JoinRoomAsync(room);
        await bob.JoinRoomAsync(room);
        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        var roomGrain = grains.GetGrain<IRoomGrain>(GrainKeys.Room(App, room));
        var sessionId = alice.SessionId!;

        Assert.Equal(0, await roomGrain.AddProducer(aliceId.ToLowerInvariant(), sessionId, new RoomProducer("cam", "video", "camera", false, "VP8")));
        Assert.Equal("cam", (await published.NextAsync()).Producer.ProducerId);
        var camera = await available.NextAsync();
        Assert.Equal(("camera", true), (camera.Source, camera.Available));
        Assert.Equal(0, await roomGrain.MuteProducer(aliceId.ToLowerInvariant(), sessionId, "cam", true));
        Assert.True((await muted.NextAsync()).Muted);

        Assert.True(await fixture.Server.Services.GetRequiredService<IRoomAdministration>().KickAsync(App, room, aliceId));

        Assert.Equal(room, (await kicked.NextAsync()).RoomId);
        Assert.Equal("cam", (await unpublished.NextAsync()).ProducerId);
        Assert.Null(alice.CurrentRoomId);
        Assert.True(alice.IsLoggedIn);
    }
}
