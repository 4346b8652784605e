using System.Net.WebSockets;
using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// A session suspended on one node resumed through another (docs/protocol.md §13, issue 11 "reconnect resumes the
/// session when it is still valid"): behind a load balancer a client's reconnect lands on any node. The node it lands on
/// finds the one holding the session and relays the connection there; the session carries on unchanged.
/// </summary>
public sealed class CrossNodeResumeTests : IAsyncLifetime
{
    private SignalingTestHost _home = null!;
    private SignalingTestHost _other = null!;

    public async Task InitializeAsync()
    {
        _home = await SignalingTestHost.StartAsync();
        _other = await SignalingTestHost.StartAsync(joinClusterOf: _home);
    }

    public async Task DisposeAsync()
    {
        await _other.DisposeAsync();
        await _home.DisposeAsync();
    }

    [Fact]
    public async Task A_session_suspended_on_one_node_is_resumed_through_another_with_its_room_and_missed_events()
    {
        var alice = await _home.LoginAsync("xres_alice", resumable: true);
        await using var bob = await _other.LoginAsync("xres_bob");
        await alice.CallAsync("joinRoom", new { roomId = 7101 });
        await bob.CallAsync("joinRoom", new { roomId = 7101 });
        await alice.NextEventAsync("memberEntered");
        var sessionId = alice.LoginResult.Str("sessionId");
        var token = alice.LoginResult.Str("resumeToken");

        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => _home.SuspendedSessions == 1);
        await using var carol = await _home.LoginAsync("xres_carol");
        await carol.CallAsync("joinRoom", new { roomId = 7101 });

        // The reconnect lands on the other node.
        await using var again = await _other.ConnectAsync();
        var resumed = (await again.CallAsync("resume", new { sessionId, resumeToken = token })).Result();
        Assert.Equal(sessionId, resumed.Str("sessionId"));
        Assert.Equal("xres_alice", resumed.Str("identifier"));
        Assert.Equal(7101, resumed.GetProperty("roomId").GetInt64());
        Assert.NotEqual(token, resumed.Str("resumeToken"));
        Assert.Equal(1, _home.RelayedHere);
        Assert.Equal(1, _other.RelaysFromHere);

        // What happened while she was away follows the answer; then requests and events flow both ways as before.
        Assert.Equal("xres_carol", (await again.NextEventAsync("memberEntered")).Params().GetProperty("member").Str("identifier"));
        Assert.Equal(3, (await again.CallAsync("listMembers")).Result().GetProperty("members").GetArrayLength());
        await again.CallAsync("sendRoomMessage", new { data = "back through the other node" });
        Assert.Equal("back through the other node", (await bob.NextEventAsync("roomMessage")).Params().Str("data"));
        await bob.CallAsync("sendRoomMessage", new { data = "welcome back" });
        Assert.Equal("welcome back", (await again.NextEventAsync("roomMessage")).Params().Str("data"));
        Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out var name) && name.GetString() == "memberExited"));

        // A goodbye on the relayed connection ends the session on its node, as on one node.
        await again.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        var exited = (await bob.NextEventAsync("memberExited")).Params();
        Assert.Equal("xres_alice", exited.Str("identifier"));
        await WaitUntilAsync(() => _home.RelayedHere == 0 && _other.RelaysFromHere == 0 && _home.SuspendedSessions == 0);
    }

    [Fact]
    public async Task A_relayed_connection_that_drops_suspends_the_session_again_and_it_resumes_on_its_own_node()
    {
        var alice = await _home.LoginAsync("xdrop_alice", resumable: true);
        await using var bob = await _home.LoginAsync("xdrop_bob");
        await alice.CallAsync("joinRoom", new { roomId = 7102 });
        await bob.CallAsync("joinRoom", new { roomId = 7102 });
        var sessionId = alice.LoginResult.Str("sessionId");
        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => _home.SuspendedSessions == 1);

        var relayed = await _other.ConnectAsync();
        var first = (await relayed.CallAsync("resume", new { sessionId, resumeToken = alice.LoginResult.Str("resumeToken") })).Result();
        relayed.Abort();
        await relayed.DisposeAsync();
        await WaitUntilAsync(() => _home.SuspendedSessions == 1 && _home.RelayedHere == 0 && _other.RelaysFromHere == 0);

        await bob.CallAsync("sendRoomMessage", new { data = "while you were gone twice" });
        await using var direct = await _home.ConnectAsync();
        var second = (await direct.CallAsync("resume", new { sessionId, resumeToken = first.Str("resumeToken") })).Result();
        Assert.Equal(7102, second.GetProperty("roomId").GetInt64());
        Assert.Equal("while you were gone twice", (await direct.NextEventAsync("roomMessage")).Params().Str("data"));
        Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out var name) && name.GetString() == "memberExited"));
    }

    [Fact]
    public async Task A_resume_no_node_can_honour_is_refused_and_a_wrong_token_leaves_the_session_resumable()
    {
        var alice = await _home.LoginAsync("xtok_alice", resumable: true);
        var sessionId = alice.LoginResult.Str("sessionId");
        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => _home.SuspendedSessions == 1);

        await using var guesser = await _other.ConnectAsync();
        Assert.Equal(ErrorCodes.ResumeFailed, (await guesser.CallAsync("resume", new { sessionId, resumeToken = "AAAA" })).ErrorCode());
        Assert.Equal(ErrorCodes.ResumeFailed, (await guesser.CallAsync("resume", new { sessionId = "no-such-session", resumeToken = "AAAA" })).ErrorCode());
        Assert.Equal(0, _other.RelaysFromHere);

        await using var owner = await _other.ConnectAsync();
        Assert.Equal(sessionId, (await owner.CallAsync("resume", new { sessionId, resumeToken = alice.LoginResult.Str("resumeToken") })).Result().Str("sessionId"));
        Assert.False((await owner.CallAsync("ping")).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Of_concurrent_resumes_through_both_nodes_with_the_same_token_exactly_one_wins()
    {
        for (var round = 0; round < 5; round++)
        {
            var alice = await _home.LoginAsync($"xrace_alice{round}", resumable: true);
            alice.Abort();
            await alice.DisposeAsync();
            await WaitUntilAsync(() => _home.SuspendedSessions == 1);
            var resume = new { sessionId = alice.LoginResult.Str("sessionId"), resumeToken = alice.LoginResult.Str("resumeToken") };

            await using var near = await _home.ConnectAsync();
            await using var far = await _other.ConnectAsync();
            var answers = await Task.WhenAll(near.CallAsync("resume", resume), far.CallAsync("resume", resume));

            Assert.Single(answers, a => a.TryGetProperty("result", out _));
            Assert.Single(answers, a => a.TryGetProperty("error", out _) && a.ErrorCode() == ErrorCodes.ResumeFailed);
            var winner = answers[0].TryGetProperty("result", out _) ? near : far;
            Assert.False((await winner.CallAsync("logout")).TryGetProperty("error", out _));
            await WaitUntilAsync(() => _home.SuspendedSessions == 0 && _home.RelayedHere == 0);
        }
    }

    [Fact]
    public async Task A_new_login_on_the_session_s_node_reaches_the_relayed_client_as_forceOffline()
    {
        // The single-session rule (R2.4) holds for a relayed session: the kick travels back through the relay.
        var alice = await _home.LoginAsync("xkick_alice", resumable: true);
        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => _home.SuspendedSessions == 1);
        await using var relayed = await _other.ConnectAsync();
        await relayed.CallAsync("resume", new { sessionId = alice.LoginResult.Str("sessionId"), resumeToken = alice.LoginResult.Str("resumeToken") });

        await using var replacement = await _home.LoginAsync("xkick_alice");
        Assert.Equal("web", (await relayed.NextEventAsync("forceOffline")).Params().Str("platform"));
        Assert.Equal(4001, await relayed.WaitClosedAsync());
        await WaitUntilAsync(() => _home.RelayedHere == 0 && _other.RelaysFromHere == 0);
    }

    [Fact]
    public async Task When_the_relaying_node_stops_its_client_is_told_and_the_session_waits_suspended_on_its_node()
    {
        var relayNode = await SignalingTestHost.StartAsync(joinClusterOf: _home);
        try
        {
            var alice = await _home.LoginAsync("xstop_alice", resumable: true);
            await using var bob = await _home.LoginAsync("xstop_bob");
            await alice.CallAsync("joinRoom", new { roomId = 7103 });
            await bob.CallAsync("joinRoom", new { roomId = 7103 });
            var sessionId = alice.LoginResult.Str("sessionId");
            alice.Abort();
            await alice.DisposeAsync();
            await WaitUntilAsync(() => _home.SuspendedSessions == 1);

            await using var relayed = await relayNode.ConnectAsync();
            var resumed = (await relayed.CallAsync("resume", new { sessionId, resumeToken = alice.LoginResult.Str("resumeToken") })).Result();
            await relayNode.StopAsync();

            await relayed.NextEventAsync("serverShuttingDown");
            Assert.Equal(1001, await relayed.WaitClosedAsync());
            await WaitUntilAsync(() => _home.SuspendedSessions == 1 && _home.RelayedHere == 0);
            await using var back = await _home.ConnectAsync();
            Assert.Equal(7103, (await back.CallAsync("resume", new { sessionId, resumeToken = resumed.Str("resumeToken") })).Result().GetProperty("roomId").GetInt64());
            Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out var name) && name.GetString() == "memberExited"));
        }
        finally
        {
            await relayNode.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }
            await Task.Delay(20);
        }
    }
}
