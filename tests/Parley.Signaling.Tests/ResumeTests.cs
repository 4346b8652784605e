using Parley.Protocol.Errors;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// Resuming a session after its socket drops (docs/protocol.md §13), on a server with a fake clock so the resume
/// window is exact. A drop is a socket cut without a close frame (<see cref="TestClient.Abort"/>).
/// </summary>
public sealed class ResumeTests : FakeClockHostTests
{
    [Fact]
    public async Task A_resumable_login_gets_a_token_and_the_window_and_a_plain_login_gets_neither()
    {
        await using var resumable = await Host.LoginAsync("res_token", resumable: true);
        await using var plain = await Host.LoginAsync("res_plain");

        Assert.True(resumable.LoginResult.Str("resumeToken").Length >= 40); // 256 bits, base64url
        Assert.Equal(15_000, resumable.LoginResult.GetProperty("resumeWindowMs").GetInt32());
        Assert.False(plain.LoginResult.TryGetProperty("resumeToken", out _));
        Assert.False(plain.LoginResult.TryGetProperty("resumeWindowMs", out _));
    }

    [Fact]
    public async Task A_dropped_session_is_resumed_in_its_room_and_gets_the_events_it_missed_after_the_answer()
    {
        var alice = await Host.LoginAsync("res_alice", resumable: true);
        await using var bob = await Host.LoginAsync("res_bob");
        await alice.CallAsync("joinRoom", new { roomId = 5101 });
        await bob.CallAsync("joinRoom", new { roomId = 5101 });
        await alice.NextEventAsync("memberEntered");
        var sessionId = alice.LoginResult.Str("sessionId");
        var token = alice.LoginResult.Str("resumeToken");

        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => Host.LiveSessions == 2 && SuspendedSessions == 1);
        await using var carol = await Host.LoginAsync("res_carol");
        await carol.CallAsync("joinRoom", new { roomId = 5101 });
        await bob.NextEventAsync("memberEntered");

        // The room saw nothing of alice's drop: she is still a member.
        var members = (await bob.CallAsync("listMembers")).Result().GetProperty("members").EnumerateArray().Select(m => m.Str("identifier")).ToList();
        Assert.Contains("res_alice", members);
        Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out var name) && name.GetString() == "memberExited"));

        await using var again = await Host.ConnectAsync();
        var resumed = (await again.CallAsync("resume", new { sessionId, resumeToken = token })).Result();
        Assert.Equal(sessionId, resumed.Str("sessionId"));
        Assert.Equal("res_alice", resumed.Str("identifier"));
        Assert.Equal(5101, resumed.GetProperty("roomId").GetInt64());
        Assert.NotEqual(token, resumed.Str("resumeToken")); // a token works once
        Assert.True(resumed.GetProperty("roles").ValueKind == System.Text.Json.JsonValueKind.Object);

        // What happened while she was away arrives after the answer, in order.
        var entered = (await again.NextEventAsync("memberEntered")).Params();
        Assert.Equal("res_carol", entered.GetProperty("member").Str("identifier"));
        // And the session works as before on the new socket.
        Assert.Equal(3, (await again.CallAsync("listMembers")).Result().GetProperty("members").GetArrayLength());
        await again.CallAsync("sendRoomMessage", new { data = "back" });
        Assert.Equal("back", (await bob.NextEventAsync("roomMessage")).Params().Str("data"));
    }

    [Fact]
    public async Task A_suspended_session_leaves_as_disconnected_when_the_window_passes_and_cannot_be_resumed_after()
    {
        var alice = await Host.LoginAsync("win_alice", resumable: true);
        await using var bob = await Host.LoginAsync("win_bob");
        await alice.CallAsync("joinRoom", new { roomId = 5102 });
        await bob.CallAsync("joinRoom", new { roomId = 5102 });
        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => SuspendedSessions == 1);

        Clock.Advance(TimeSpan.FromSeconds(14));
        await bob.CallAsync("ping");
        Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out var name) && name.GetString() == "memberExited"));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var exited = (await bob.NextEventAsync("memberExited")).Params();
        Assert.Equal("win_alice", exited.Str("identifier"));
        Assert.Equal("disconnected", exited.Str("reason"));
        await WaitUntilAsync(() => Host.LiveSessions == 1 && SuspendedSessions == 0);

        await using var late = await Host.ConnectAsync();
        var refused = await late.CallAsync("resume", new { sessionId = alice.LoginResult.Str("sessionId"), resumeToken = alice.LoginResult.Str("resumeToken") });
        Assert.Equal(ErrorCodes.ResumeFailed, refused.ErrorCode());
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_leaves_the_suspended_session_resumable()
    {
        var alice = await Host.LoginAsync("tok_alice", resumable: true);
        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => SuspendedSessions == 1);
        var sessionId = alice.LoginResult.Str("sessionId");

        await using var guesser = await Host.ConnectAsync();
        Assert.Equal(ErrorCodes.ResumeFailed, (await guesser.CallAsync("resume", new { sessionId, resumeToken = "AAAA" })).ErrorCode());
        Assert.Equal(ErrorCodes.ResumeFailed, (await guesser.CallAsync("resume", new { sessionId = "nope", resumeToken = alice.LoginResult.Str("resumeToken") })).ErrorCode());
        Assert.Equal(ErrorCodes.InvalidParams, (await guesser.CallAsync("resume", new { sessionId })).ErrorCode());

        await using var owner = await Host.ConnectAsync();
        Assert.Equal(sessionId, (await owner.CallAsync("resume", new { sessionId, resumeToken = alice.LoginResult.Str("resumeToken") })).Result().Str("sessionId"));
        Assert.False((await owner.CallAsync("ping")).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Of_concurrent_resumes_with_the_same_token_exactly_one_wins()
    {
        var alice = await Host.LoginAsync("race_alice", resumable: true);
        await alice.CallAsync("joinRoom", new { roomId = 5103 });
        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => SuspendedSessions == 1);
        var parameters = new { sessionId = alice.LoginResult.Str("sessionId"), resumeToken = alice.LoginResult.Str("resumeToken") };

        var contenders = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Host.ConnectAsync()));
        try
        {
            var answers = await Task.WhenAll(contenders.Select(c => c.CallAsync("resume", parameters)));
            Assert.Single(answers, a => a.TryGetProperty("result", out _));
            Assert.Equal(7, answers.Count(a => a.TryGetProperty("error", out var e) && e.GetProperty("code").GetInt32() == ErrorCodes.ResumeFailed));
        }
        finally
        {
            foreach (var contender in contenders)
            {
                await contender.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_close_frame_ends_a_resumable_session_at_once()
    {
        var alice = await Host.LoginAsync("bye_alice", resumable: true);
        await using var bob = await Host.LoginAsync("bye_bob");
        await alice.CallAsync("joinRoom", new { roomId = 5104 });
        await bob.CallAsync("joinRoom", new { roomId = 5104 });

        await alice.DisposeAsync(); // sends a close frame: a goodbye, not a drop

        var exited = (await bob.NextEventAsync("memberExited")).Params();
        Assert.Equal("bye_alice", exited.Str("identifier"));
        Assert.Equal(0, SuspendedSessions);
    }

    [Fact]
    public async Task A_close_frame_with_an_application_code_says_reconnecting_and_suspends()
    {
        var alice = await Host.LoginAsync("rc_alice", resumable: true);
        await alice.CallAsync("joinRoom", new { roomId = 5107 });

        await alice.CloseAsync((System.Net.WebSockets.WebSocketCloseStatus)4000, "reconnecting"); // what the browser SDK sends when it gives a socket up

        await WaitUntilAsync(() => SuspendedSessions == 1);
        await using var again = await Host.ConnectAsync();
        var resumed = (await again.CallAsync("resume", new { sessionId = alice.LoginResult.Str("sessionId"), resumeToken = alice.LoginResult.Str("resumeToken") })).Result();
        Assert.Equal(5107, resumed.GetProperty("roomId").GetInt64());
        await alice.DisposeAsync();
    }

    [Fact]
    public async Task A_heartbeat_timeout_suspends_a_resumable_session_instead_of_ending_it()
    {
        await using var silent = await Host.LoginAsync("hbr_silent", resumable: true);
        await using var talker = await Host.LoginAsync("hbr_talker");
        await silent.CallAsync("joinRoom", new { roomId = 5105 });
        await talker.CallAsync("joinRoom", new { roomId = 5105 });

        Clock.Advance(TimeSpan.FromSeconds(20));
        await talker.CallAsync("ping");
        Clock.Advance(TimeSpan.FromSeconds(11));
        await WaitUntilAsync(() => SuspendedSessions == 1);
        await talker.CallAsync("ping");
        Assert.False(talker.HasReceived(m => m.TryGetProperty("method", out var name) && name.GetString() == "memberExited"));

        await using var again = await Host.ConnectAsync();
        var resumed = (await again.CallAsync("resume", new { sessionId = silent.LoginResult.Str("sessionId"), resumeToken = silent.LoginResult.Str("resumeToken") })).Result();
        Assert.Equal(5105, resumed.GetProperty("roomId").GetInt64());
        // The heartbeat watch runs again on the new socket.
        Clock.Advance(TimeSpan.FromSeconds(20));
        await talker.CallAsync("ping");
        Clock.Advance(TimeSpan.FromSeconds(11));
        await WaitUntilAsync(() => SuspendedSessions == 1);
    }

    [Fact]
    public async Task A_login_of_the_same_identifier_during_the_window_replaces_the_suspended_session()
    {
        var first = await Host.LoginAsync("rep_alice", resumable: true);
        await using var bob = await Host.LoginAsync("rep_bob");
        await first.CallAsync("joinRoom", new { roomId = 5106 });
        await bob.CallAsync("joinRoom", new { roomId = 5106 });
        first.Abort();
        await first.DisposeAsync();
        await WaitUntilAsync(() => SuspendedSessions == 1);

        await using var second = await Host.LoginAsync("rep_alice");
        var exited = (await bob.NextEventAsync("memberExited")).Params();
        Assert.Equal("rep_alice", exited.Str("identifier"));
        Assert.Equal("forceOffline", exited.Str("reason"));
        await WaitUntilAsync(() => SuspendedSessions == 0 && Host.LiveSessions == 2);

        await using var late = await Host.ConnectAsync();
        Assert.Equal(ErrorCodes.ResumeFailed, (await late.CallAsync("resume", new { sessionId = first.LoginResult.Str("sessionId"), resumeToken = first.LoginResult.Str("resumeToken") })).ErrorCode());
    }

    [Fact]
    public async Task A_resume_takes_over_a_session_whose_old_socket_the_server_still_thinks_open()
    {
        // After a network change no FIN or RST reaches the server: the old socket looks alive until the heartbeat
        // times out. The token proves the new connection is the same client, so the session moves over at once.
        await using var old = await Host.LoginAsync("to_alice", resumable: true);
        await using var bob = await Host.LoginAsync("to_bob");
        await old.CallAsync("joinRoom", new { roomId = 5108 });
        await bob.CallAsync("joinRoom", new { roomId = 5108 });
        await old.NextEventAsync("memberEntered");

        await using var again = await Host.ConnectAsync();
        var resumed = (await again.CallAsync("resume", new { sessionId = old.LoginResult.Str("sessionId"), resumeToken = old.LoginResult.Str("resumeToken") })).Result();
        Assert.Equal(5108, resumed.GetProperty("roomId").GetInt64());

        await old.Closed.Task.WaitAsync(TestClient.DefaultWait); // the old socket was cut
        await bob.CallAsync("sendRoomMessage", new { data = "still there?" });
        Assert.Equal("still there?", (await again.NextEventAsync("roomMessage")).Params().Str("data"));
        Assert.False(bob.HasReceived(m => m.TryGetProperty("method", out var name) && name.GetString() == "memberExited"));
        Assert.Equal(0, SuspendedSessions);
        Assert.Equal(2, Host.LiveSessions);
    }

    [Fact]
    public async Task Resume_on_a_logged_in_connection_is_refused()
    {
        await using var alice = await Host.LoginAsync("twice_alice", resumable: true);
        var answer = await alice.CallAsync("resume", new { sessionId = alice.LoginResult.Str("sessionId"), resumeToken = alice.LoginResult.Str("resumeToken") });
        Assert.Equal(ErrorCodes.AlreadyLoggedIn, answer.ErrorCode());
    }

    private int SuspendedSessions => Host.SuspendedSessions;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
