using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Issue 8 proof "Loss": two demo pages in a room whose media path loses 5 % of RTP each way. NACK and RTX keep the
/// video decoding without a freeze longer than 1 s, and networkQuality reports the loss.
/// </summary>
public sealed class ChromiumLossTests(LossyMediaFixture fixture, ITestOutputHelper output) : DemoPageTests(fixture.NewPageAsync, output), IClassFixture<LossyMediaFixture>
{
    /// <summary>
    /// Times the remote tile's presented frames with <c>requestVideoFrameCallback</c> (exact, unlike sampling the decoded
    /// count, which reads a stall up to a sample long) and keeps the longest gap; a stall still going on is checked
    /// every 50 ms. A tick that comes more than 250 ms late means the page itself was not running (a loaded CI machine),
    /// so the stall clock restarts there instead of blaming the network.
    /// </summary>
    private const string FreezeMonitor = """
        (id) => {
          const s = { maxStallMs: 0, samples: 0, lateTicks: 0 };
          const video = () => document.querySelector(`.tile:not(.local) video[data-identifier='${id}'][data-source='camera']`);
          let watched = null, lastFrameAt = performance.now(), tickAt = performance.now();
          const onFrame = (now, metadata) => {
            if (metadata.mediaTime !== undefined) {
              s.maxStallMs = Math.max(s.maxStallMs, now - lastFrameAt);
              lastFrameAt = now;
              s.samples++;
            }
            watched.requestVideoFrameCallback(onFrame);
          };
          setInterval(() => {
            const now = performance.now();
            if (now - tickAt > 250) { s.lateTicks++; lastFrameAt = now; }
            tickAt = now;
            const v = video();
            if (v && v !== watched) { watched = v; lastFrameAt = now; v.requestVideoFrameCallback(onFrame); }
            if (watched) s.maxStallMs = Math.max(s.maxStallMs, now - lastFrameAt);
          }, 50);
          window.__freeze = s;
        }
        """;

    [Fact]
    public async Task With_five_percent_loss_video_keeps_decoding_without_a_freeze_over_a_second_and_quality_shows_the_loss()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var (alice, bob) = ($"alice_{room}", $"bob_{room}");
        var alicePage = await Pages.OpenAsync("alice", $"identifier={alice}&room={room}&autojoin=1");
        var bobPage = await Pages.OpenAsync("bob", $"identifier={bob}&room={room}&autojoin=1");
        await DemoPages.WaitUntilAsync(alicePage, "window.parleyDemo?.state?.phase === 'joined'");
        var quality = alicePage.EvaluateAsync<string>("""
            () => new Promise((resolve) => {
              const off = window.parleyDemo.client.on('networkQuality', (e) => {
                if (e.local.uplink >= 2 || e.local.downlink >= 2) { off(); resolve(JSON.stringify(e)); }
              });
            })
            """);

        await DemoPages.WaitUntilAsync(bobPage, $"{DemoPages.DecodedFrames(alice)} > 10");
        await bobPage.EvaluateAsync(FreezeMonitor, alice);
        var dropsBefore = fixture.Relay.RtpDropped;
        var framesBefore = await bobPage.EvaluateAsync<int>(DemoPages.DecodedFrames(alice));
        await Task.Delay(TimeSpan.FromSeconds(15));

        var framesAfter = await bobPage.EvaluateAsync<int>(DemoPages.DecodedFrames(alice));
        var freeze = await bobPage.EvaluateAsync<string>("() => JSON.stringify(window.__freeze)");
        var nacks = await bobPage.EvaluateAsync<string>("""
            async () => {
              const stats = await window.parleyDemo.client.subscriber.pc.getStats();
              const video = [...stats.values()].filter((s) => s.type === 'inbound-rtp' && s.kind === 'video');
              return JSON.stringify(video.map((s) => ({ nackCount: s.nackCount, packetsLost: s.packetsLost, retransmitted: s.retransmittedPacketsReceived })));
            }
            """);
        var maxStall = await bobPage.EvaluateAsync<double>("() => window.__freeze.maxStallMs");
        Output.WriteLine($"relay dropped {fixture.Relay.RtpDropped - dropsBefore} of {fixture.Relay.RtpForwarded} RTP; frames {framesBefore} → {framesAfter}; freeze monitor {freeze}; bob's inbound video {nacks}");

        Assert.True(fixture.Relay.RtpDropped - dropsBefore > 50, "the relay dropped too little to test anything");
        Assert.True(framesAfter - framesBefore > 100, $"only {framesAfter - framesBefore} frames in 15 s");
        Assert.True(maxStall < 1000, $"video froze for {maxStall:F0} ms");
        Assert.Matches("\"nackCount\":[1-9]", nacks); // the receiver asked for retransmissions and kept going

        var reported = await quality.WaitAsync(TimeSpan.FromSeconds(30));
        Output.WriteLine("networkQuality under loss: " + reported);
    }
}
