using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Sessions;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

/// <summary>
/// The node's one deadline timer (<see cref="SessionDeadlines"/>): sessions own no timer, a deadline is noticed at the
/// first tick after it, and the sweep is safe against sessions that end or resume while it runs. A fresh server per
/// test on a fake clock that starts on a whole second, so ticks fall on whole seconds from the start.
/// </summary>
public sealed class SessionDeadlineTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private TimerCountingClock _counting = null!;
    private SignalingTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _counting = new TimerCountingClock(_clock);
        _host = await SignalingTestHost.StartAsync(_clock, configureServices: services => services.AddSingleton<TimeProvider>(_counting));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Idle_sessions_share_one_timer_and_own_none()
    {
        var clients = new List<TestClient>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var client = await _host.LoginAsync("idle_" + i, resumable: i % 2 == 0);
                await client.CallAsync("joinRoom", new { roomId = 4800 + (i % 3) });
                clients.Add(client);
            }
            await using var guest = await _host.ConnectAsync(); // not logged in: its login deadline is watched too

            Assert.Equal(1, _counting.TimersOf(typeof(SessionDeadlines)));
            Assert.Equal(0, _counting.TimersOf(typeof(SignalingSession)));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Silence_is_noticed_at_the_first_tick_after_the_heartbeat_timeout()
    {
        await using var silent = await _host.LoginAsync("tick_silent");
        await using var talker = await _host.LoginAsync("tick_talker");
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        await silent.CallAsync("ping"); // the silence starts half a tick after a tick

        // Step from tick to tick (a fake clock jumped over several ticks runs each of them at the time jumped to).
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        for (var second = 1; second < 30; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            if (second == 20)
            {
                await talker.CallAsync("ping");
            }
        }
        // 30 s from the start the tick finds 29.5 s of silence. At 30.9 s the silence is 30.4 s, past the timeout
        // (Signaling:HeartbeatTimeout, 30 s), but no tick has come since.
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        await talker.CallAsync("ping");
        Assert.False(silent.Closed.Task.IsCompleted);
        // The tick at 31 s closes it: half a second past the timeout, at most one tick late.
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(4003, await silent.WaitClosedAsync());
        await talker.CallAsync("ping");
        Assert.False(talker.Closed.Task.IsCompleted);
    }

    [Fact]
    public async Task A_session_that_has_ended_is_no_longer_swept_and_a_late_check_leaves_it_alone()
    {
        await using var alice = await _host.LoginAsync("end_alice");
        await using var bob = await _host.LoginAsync("end_bob");
        await alice.CallAsync("joinRoom", new { roomId = 4810 });
        await bob.CallAsync("joinRoom", new { roomId = 4810 });
        var session = _host.Session("end_alice");
        var registry = _host.Service<SessionRegistry>();

        await alice.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        await WaitUntilAsync(() => Count(bob, "memberExited") == 1); // left in the inbox, to count later
        await session.Completion.WaitAsync(TestClient.DefaultWait);
        Assert.DoesNotContain(session, registry.Current); // the sweep's only way to it is gone

        // A sweep that picked the session up just before it ended, with every deadline long past.
        session.CheckDeadlines(FarFuture(), _clock.GetUtcNow().AddDays(365));
        await bob.CallAsync("ping");
        Assert.Equal(1, Count(bob, "memberExited"));
    }

    [Fact]
    public async Task Sessions_ending_while_the_sweep_closes_them_each_leave_the_room_once()
    {
        const int Silent = 12;
        await using var watcher = await _host.LoginAsync("race_watcher");
        await watcher.CallAsync("joinRoom", new { roomId = 4820 });
        var silent = new List<TestClient>();
        for (var i = 0; i < Silent; i++)
        {
            var client = await _host.LoginAsync("race_" + i);
            await client.CallAsync("joinRoom", new { roomId = 4820 });
            silent.Add(client);
        }
        try
        {
            _clock.Advance(TimeSpan.FromSeconds(20));
            await watcher.CallAsync("ping");
            _clock.Advance(TimeSpan.FromMilliseconds(9900));
            await watcher.CallAsync("ping");

            // Half say goodbye while the tick that finds them all 30 s silent runs.
            var sweep = Task.Run(() => _clock.Advance(TimeSpan.FromMilliseconds(100)));
            var goodbyes = silent.Take(Silent / 2).Select(SayGoodbyeAsync);
            await Task.WhenAll(goodbyes.Append(sweep));

            foreach (var client in silent.Skip(Silent / 2))
            {
                Assert.Equal(4003, await client.WaitClosedAsync());
            }
            var deadline = DateTime.UtcNow + TestClient.DefaultWait;
            while (Count(watcher, "memberExited") < Silent)
            {
                Assert.True(DateTime.UtcNow < deadline, "not every session left: " + string.Join(" | ", watcher.Snapshot()));
                await Task.Delay(20);
            }
            await watcher.CallAsync("ping");
            Assert.Equal(Silent, Count(watcher, "memberExited"));
            Assert.False(watcher.Closed.Task.IsCompleted);
        }
        finally
        {
            foreach (var client in silent)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_resume_restarts_the_silence_even_for_a_sweep_that_measured_the_old_socket()
    {
        var alice = await _host.LoginAsync("rs_alice", resumable: true);
        await using var bob = await _host.LoginAsync("rs_bob");
        alice.Abort();
        await alice.DisposeAsync();
        await WaitUntilAsync(() => _host.SuspendedSessions == 1);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await bob.CallAsync("ping");

        await using var again = await _host.ConnectAsync();
        (await again.CallAsync("resume", new { sessionId = alice.LoginResult.Str("sessionId"), resumeToken = alice.LoginResult.Str("resumeToken") })).Result();
        var session = _host.Session("rs_alice");
        // A sweep that read the silence before the resume finished: far past the timeout by the old socket's last frame.
        session.CheckDeadlines(FarFuture(), _clock.GetUtcNow());
        Assert.Equal(JsonValueKind.Object, (await again.CallAsync("ping")).Result().ValueKind);

        // The watch runs on the new socket from the resume: 30 s of silence there suspends the session again (§13).
        _clock.Advance(TimeSpan.FromSeconds(20));
        await bob.CallAsync("ping");
        Assert.False(again.Closed.Task.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => _host.SuspendedSessions == 1);
    }

    private static async Task SayGoodbyeAsync(TestClient client)
    {
        try
        {
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        }
        catch (WebSocketException)
        {
            // The sweep's 4003 got there first: the other way the race may go.
        }
    }

    /// <summary>A timestamp of the fake clock a day from now, as a sweep running much later would take.</summary>
    private long FarFuture() => _clock.GetTimestamp() + (long)(TimeSpan.FromDays(1).TotalSeconds * _clock.TimestampFrequency);

    private static int Count(TestClient client, string method) =>
        client.Snapshot().Count(raw => JsonDocument.Parse(raw).RootElement.TryGetProperty("method", out var m) && m.GetString() == method);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestClient.DefaultWait);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>The fake clock, counting the timers created through it by the type whose code asked for them.</summary>
    private sealed class TimerCountingClock(FakeTimeProvider inner) : TimeProvider
    {
        private readonly List<Type?> _owners = [];

        public int TimersOf(Type owner)
        {
            lock (_owners)
            {
                // A static lambda's method lives on a compiler-made type nested in the class that wrote it.
                return _owners.Count(t => t is not null && (t == owner || t.DeclaringType == owner));
            }
        }

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_owners)
            {
                _owners.Add(callback.Method.DeclaringType);
            }
            return inner.CreateTimer(callback, state, dueTime, period);
        }
    }
}
