using System.Globalization;
using Parley.Signaling.Tests.Infrastructure;

namespace Parley.Signaling.Tests;

public sealed class SlowReaderTests
{
    [Fact]
    public async Task A_client_that_never_reads_is_cut_off_when_its_send_queue_overflows()
    {
        // Limits that only the send queue can trip: no rate limit, no login deadline within the test.
        await using var host = await SignalingTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Signaling:RateLimitPerSecond"] = "10000000",
            ["Signaling:RateLimitBurst"] = "10000000",
            ["Signaling:LoginTimeout"] = "00:05:00",
        });
        // ~9 MB of requests whose ~19 MB of answers cannot fit in the kernel's socket buffers.
        await using var slow = ChildProcess.StartPython(
            "slow_reader.py",
            host.WebSocketUri.Host,
            host.WebSocketUri.Port.ToString(CultureInfo.InvariantCulture),
            "200000");
        // The server ends the session (1008, then abort since the peer reads nothing) while the client still holds
        // its socket open without reading.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var sawSession = false;
        while (DateTime.UtcNow < deadline)
        {
            var live = host.LiveSessions;
            sawSession |= live == 1;
            if (sawSession && live == 0)
            {
                break;
            }
            await Task.Delay(50);
        }
        Assert.True(sawSession, "the slow client never connected; stderr: " + slow.StandardError);
        Assert.Equal(0, host.LiveSessions);
        Assert.False(slow.HasExited);

        // Everyone else is unaffected.
        await using var other = await host.LoginAsync("after_slow");
        Assert.True((await other.CallAsync("ping")).TryGetProperty("result", out _));

        // A clean finish; on any failure above, disposing `slow` kills the script instead.
        await slow.FinishAsync(TimeSpan.FromSeconds(30));
    }
}
