using Microsoft.Extensions.Time.Testing;
using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// userSig expiry against a real server running on a FakeTimeProvider (R2.3, R2.4). The server's heartbeat timeout
/// is raised so that jumping the fake clock tests expiry alone, not the silence check.
/// </summary>
public sealed class UserSigLifetimeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<ParleyClient> _clients = [];
    private ParleyTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ParleyTestServer.StartAsync(time: _time, settings: new Dictionary<string, string?>
        {
            ["Signaling:HeartbeatTimeout"] = "01:00:00",
            ["Signaling:LoginTimeout"] = "01:00:00",
        });

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task When_the_userSig_expires_the_user_is_kicked_with_an_event_and_the_room_sees_it() // R2.4
    {
        var alice = await LoginAsync("alice", expireSeconds: 20);
        var bob = await LoginAsync("bob", expireSeconds: 3600);
        var expired = new EventRecorder<UserSigExpiredEventArgs>();
        var disconnected = new EventRecorder<DisconnectedEventArgs>();
        var bobSeesExit = new EventRecorder<MemberExitedEventArgs>();
        alice.UserSigExpired += expired.Handler;
        alice.Disconnected += disconnected.Handler;
        bob.MemberExited += bobSeesExit.Handler;
        await alice.JoinRoomAsync(1234);
        await bob.JoinRoomAsync(1234);

        _time.Advance(TimeSpan.FromSeconds(25));

        await expired.NextAsync();
        var closed = await disconnected.NextAsync();
        Assert.Equal(CloseCodes.UserSigExpired, closed.CloseCode);
        Assert.False(closed.WillReconnect); // the same userSig would be refused: no reconnect
        Assert.False(alice.IsLoggedIn);
        var exit = await bobSeesExit.NextAsync();
        Assert.Equal(("alice", ExitReasons.UserSigExpired), (exit.Identifier, exit.Reason));
        Assert.True(bob.IsLoggedIn);
    }

    [Fact]
    public async Task RenewUserSig_extends_the_session_past_the_first_userSigs_expiry() // R2.3
    {
        var alice = await LoginAsync("alice", expireSeconds: 20);
        var expired = new EventRecorder<UserSigExpiredEventArgs>();
        alice.UserSigExpired += expired.Handler;
        var firstExpiry = alice.UserSigExpiresAt!.Value;
        await alice.JoinRoomAsync(1234);

        _time.Advance(TimeSpan.FromSeconds(10));
        var renewed = await alice.RenewUserSigAsync(_server.UserSig("alice", expireSeconds: 600));
        _time.Advance(TimeSpan.FromSeconds(15)); // 25 s after login: past the first userSig's expiry

        Assert.True(DateTimeOffset.FromUnixTimeMilliseconds(renewed.UserSigExpiresAt) > firstExpiry.AddSeconds(500));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(renewed.UserSigExpiresAt), alice.UserSigExpiresAt);
        await alice.PingAsync();
        Assert.True(alice.IsLoggedIn);
        Assert.Equal(1234, (await alice.ListMembersAsync()).RoomId);
        Assert.False(expired.HasPending);
    }

    private async Task<ParleyClient> LoginAsync(string identifier, long expireSeconds)
    {
        var client = TestClients.Create(_server.WebSocketUri);
        _clients.Add(client);
        await client.LoginAsync(_server.DefaultApp.SdkAppId, identifier, _server.UserSig(identifier, expireSeconds));
        return client;
    }
}
