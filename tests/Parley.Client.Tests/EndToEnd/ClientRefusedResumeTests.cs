using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// When the server no longer holds the session (the resume window passed), the C# client's <c>resume</c> is refused and
/// it logs in and re-joins instead (docs/protocol.md §13).
/// </summary>
public sealed class ClientRefusedResumeTests : IAsyncLifetime
{
    private ParleyTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Signaling:ResumeWindow"] = "00:00:00.1" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task After_the_window_a_refused_resume_falls_back_to_login_and_rejoin()
    {
        const long room = 4711;
        await using var alice = TestClients.Create(_server.WebSocketUri, o => { o.ReconnectInitialDelay = TimeSpan.FromMilliseconds(800); o.ReconnectMaxDelay = TimeSpan.FromSeconds(2); });
        await alice.LoginAsync(_server.DefaultApp.SdkAppId, "refused_alice", _server.UserSig("refused_alice"));
        await alice.JoinRoomAsync(room);
        var firstSession = alice.SessionId;
        var reconnected = new EventRecorder<ReconnectedEventArgs>();
        alice.Reconnected += reconnected.Handler;

        alice.AbortConnectionForTesting(); // the server suspends the session for 0.1 s; the client comes back after ~0.8 s

        var back = await reconnected.NextAsync(TimeSpan.FromSeconds(20));
        Assert.False(back.Resumed);
        Assert.Equal(room, back.Room?.RoomId);
        Assert.NotEqual(firstSession, back.Login.SessionId);
        Assert.Equal(room, alice.CurrentRoomId);
        await alice.PingAsync();
    }
}
