using System.Net;
using Microsoft.Extensions.Time.Testing;
using Parley.WebRtc.Client;

namespace Parley.WebRtc.Tests.Client;

/// <summary>
/// A client connection disposed while ConnectAsync is still running (an app gives up on a connect, or a failover tears
/// the media down mid-connect) must stop everything it started: a consent timer left running would fire on disposed ICE
/// keys and, as an exception thrown on a timer thread, end the process.
/// </summary>
public sealed class ConnectionDisposalTests
{
    [Fact]
    public async Task Disposing_while_the_consent_timer_is_being_started_leaves_no_timer_running()
    {
        await using var server = WebRtcTestFactory.StartServer();
        var time = new DisposeOnCreateTimer();
        var client = new WebRtcClientConnection(timeProvider: time);
        time.Connection = client;
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment));

        // ICE succeeds; the moment the connection starts its consent timer, DisposeAsync begins (it has not seen that timer).
        var connecting = client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)],
            transport.LocalIce.UsernameFragment,
            transport.LocalIce.Password,
            transport.LocalFingerprint,
            timeout: TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<Exception>(() => connecting);
        await time.Disposing!;

        time.Advance(TimeSpan.FromSeconds(30)); // six consent intervals: a surviving timer would throw ObjectDisposedException here
        Assert.Equal(0, time.ActiveTimers);
    }

    /// <summary>A fake clock that starts disposing <see cref="Connection"/> from inside its CreateTimer call.</summary>
    private sealed class DisposeOnCreateTimer : FakeTimeProvider
    {
        private readonly List<ITimer> _timers = [];

        public WebRtcClientConnection? Connection { get; set; }

        public Task? Disposing { get; private set; }

        public int ActiveTimers => _timers.Count(t => t.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timers.Add(timer);
            Disposing ??= Connection!.DisposeAsync().AsTask();
            return timer;
        }
    }
}
