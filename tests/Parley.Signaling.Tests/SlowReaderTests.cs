using System.Diagnostics;
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
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "slow_reader.py"));
        start.ArgumentList.Add(host.WebSocketUri.Host);
        start.ArgumentList.Add(host.WebSocketUri.Port.ToString(CultureInfo.InvariantCulture));
        // ~9 MB of requests whose ~19 MB of answers cannot fit in the kernel's socket buffers.
        start.ArgumentList.Add("200000");
        using var slow = Process.Start(start)!;
        try
        {
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
            Assert.True(sawSession, "the slow client never connected");
            Assert.Equal(0, host.LiveSessions);
            Assert.False(slow.HasExited);

            // Everyone else is unaffected.
            await using var other = await host.LoginAsync("after_slow");
            Assert.True((await other.CallAsync("ping")).TryGetProperty("result", out _));
        }
        finally
        {
            await slow.StandardInput.WriteLineAsync();
            await slow.StandardInput.FlushAsync();
            await slow.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
