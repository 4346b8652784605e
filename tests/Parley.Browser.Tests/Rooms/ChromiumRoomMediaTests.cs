using Microsoft.Playwright;
using Parley.Browser.Tests.Web;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>Rooms carry real media through Parley's SFU: demo pages in Chromium with fake camera and microphone (R3.1).</summary>
public sealed class ChromiumRoomMediaTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<IPage> _pages = [];
    private volatile bool _finished;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every page's context closes with its test, so no page keeps sending media (or logging) into the next test.</summary>
    public async Task DisposeAsync()
    {
        _finished = true;
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> NewPageAsync(string name)
    {
        var page = await fixture.NewPageAsync();
        _pages.Add(page);
        page.Console += (_, message) =>
        {
            if (!_finished)
            {
                try
                {
                    output.WriteLine($"[{name}] {message.Type}: {message.Text}");
                }
                catch (InvalidOperationException)
                {
                    // The test already ended.
                }
            }
        };
        return page;
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Frames the page has decoded from one remote participant's camera (0 while nothing arrived).</summary>
    private static string DecodedFrames(string identifier, string source = "camera") =>
        $"(() => {{ const v = document.querySelector(\".tile:not(.local) video[data-identifier='{identifier}'][data-source='{source}']\"); " +
        "return v && v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0; })()";

    [Fact]
    public async Task Two_demo_pages_in_one_room_decode_each_others_video_and_receive_audio()
    {
        // R3.1: users in the same room see and hear each other.
        int room = Random.Shared.Next(100_000, 9_000_000);
        using var metrics = fixture.Server.CreateClient();
        var before = await MetricsScrape.GetAsync(metrics);
        var alice = await NewPageAsync("alice");
        var bob = await NewPageAsync("bob");
        await alice.GotoAsync($"/demo?identifier=alice_{room}&room={room}&autojoin=1");
        await bob.GotoAsync($"/demo?identifier=bob_{room}&room={room}&autojoin=1");

        await WaitUntilAsync(alice, $"{DecodedFrames($"bob_{room}")} > 10");
        await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}")} > 10");
        var first = await alice.EvaluateAsync<int>(DecodedFrames($"bob_{room}"));
        await WaitUntilAsync(alice, $"{DecodedFrames($"bob_{room}")} > {first + 20}"); // and they keep coming

        // networkQuality (docs/protocol.md §11): every 2 s, with a measured uplink for oneself and an entry for the other.
        var quality = await alice.EvaluateAsync<string>(@"() => new Promise((resolve) => {
            const off = window.parleyDemo.client.on('networkQuality', (e) => {
                if (e.local.uplink > 0 && e.remote.length === 1) { off(); resolve(JSON.stringify(e)); }
            });
        })").WaitAsync(Patience);
        output.WriteLine("networkQuality: " + quality);
        Assert.Contains($"bob_{room}", quality, StringComparison.Ordinal);

        // Audio: the inbound audio stream's packets keep rising on both sides.
        foreach (var page in new[] { alice, bob })
        {
            await WaitUntilAsync(page, "(async () => { const s = await window.parleyDemo.client.getStats(); return JSON.stringify(s).includes('audio'); })()");
        }

        // /metrics saw the pages' media go through the SFU both ways, and their tracks (docs/metrics.md).
        var during = await MetricsScrape.GetAsync(metrics);
        foreach (var series in new[] { "parley_media_rtp_packets_total", "parley_media_rtp_bytes_total" })
        {
            foreach (var direction in new[] { "in", "out" })
            {
                Assert.True(during.Value(series, ("direction", direction)) > before.Value(series, ("direction", direction)), $"{series}{{direction=\"{direction}\"}} did not grow");
            }
        }

        // At least: a page of an earlier test of this class may still be leaving (the fixture's server is shared).
        Assert.True(during.Value("parley_media_tracks_published", ("kind", "video")) >= 2);
        Assert.True(during.Value("parley_media_tracks_published", ("kind", "audio")) >= 2);
    }

    [Fact]
    public async Task Three_pages_see_each_other_a_muted_camera_stops_and_a_leaver_disappears_within_two_seconds()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        string[] names = [$"ann_{room}", $"ben_{room}", $"cat_{room}"];
        var pages = new List<IPage>();
        foreach (var name in names)
        {
            var page = await NewPageAsync(name);
            await page.GotoAsync($"/demo?identifier={name}&room={room}&autojoin=1");
            pages.Add(page);
        }

        // R3.1: each page decodes both others' video.
        for (int i = 0; i < 3; i++)
        {
            foreach (var other in names.Where((_, j) => j != i))
            {
                await WaitUntilAsync(pages[i], $"{DecodedFrames(other)} > 5");
            }
        }

        // Cat stops her camera: the others are told (trackMuted → the tile says so) and her frames stop.
        await pages[2].ClickAsync("#muteCam");
        foreach (var page in pages.Take(2))
        {
            await page.WaitForSelectorAsync($".tile[data-identifier='{names[2]}'][data-camera-muted='true']", new() { State = WaitForSelectorState.Attached, Timeout = 10000 });
        }

        await Task.Delay(1000); // frames already in flight drain
        var stopped = await pages[0].EvaluateAsync<int>(DecodedFrames(names[2]));
        await Task.Delay(1500);
        Assert.InRange(await pages[0].EvaluateAsync<int>(DecodedFrames(names[2])), stopped, stopped + 2);
        var benStill = await pages[0].EvaluateAsync<int>(DecodedFrames(names[1]));
        await WaitUntilAsync(pages[0], $"{DecodedFrames(names[1])} > {benStill + 5}"); // the others keep flowing

        // Ben leaves: his tile is gone from the others' pages within 2 s. Timed inside the pages (one host clock): from the
        // click reaching Ben's page to the tile leaving each other page's DOM, so the figure is Parley's (click → exitRoom →
        // memberExited → tile removed), not Playwright's actionability checks and polling on a busy machine.
        foreach (var page in new[] { pages[0], pages[2] })
        {
            await page.EvaluateAsync(@"(name) => {
                window.__tileGoneAt = new Promise((resolve) => {
                    const gone = () => !document.querySelector(`.tile[data-identifier='${name}']`);
                    if (gone()) { resolve(Date.now()); return; }
                    const watch = new MutationObserver(() => { if (gone()) { watch.disconnect(); resolve(Date.now()); } });
                    watch.observe(document.body, { childList: true, subtree: true });
                });
            }", names[1]);
        }
        await pages[1].EvaluateAsync("() => document.getElementById('leave').addEventListener('click', () => { window.__leaveClickedAt = Date.now(); }, { capture: true, once: true })");
        await pages[1].ClickAsync("#leave");
        long clickedAt = await pages[1].EvaluateAsync<long>("() => window.__leaveClickedAt");
        long goneAt = 0;
        foreach (var page in new[] { pages[0], pages[2] })
        {
            goneAt = Math.Max(goneAt, await page.EvaluateAsync<long>("() => window.__tileGoneAt").WaitAsync(Patience));
        }

        long elapsed = goneAt - clickedAt;
        output.WriteLine($"leaver's tile gone from both pages {elapsed} ms after the click");
        Assert.True(elapsed < 2000, $"the leaver's tile took {elapsed} ms to go");
    }

    [Fact]
    public async Task A_shared_screen_reaches_the_others_as_a_second_video()
    {
        // The vendor's sub-stream: a screen share is a second video producer (source "screen") next to the camera.
        int room = Random.Shared.Next(100_000, 9_000_000);
        var alice = await NewPageAsync("alice");
        var bob = await NewPageAsync("bob");
        await alice.GotoAsync($"/demo?identifier=alice_{room}&room={room}&autojoin=1");
        await bob.GotoAsync($"/demo?identifier=bob_{room}&room={room}&autojoin=1");
        await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}")} > 5");

        await alice.ClickAsync("#share");
        await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}", "screen")} > 5");
        var camera = await bob.EvaluateAsync<int>(DecodedFrames($"alice_{room}"));
        await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}")} > {camera + 5}"); // the camera keeps flowing beside it
    }

    private static async Task WaitUntilAsync(IPage page, string condition)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = (float)Patience.TotalMilliseconds, PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => JSON.stringify(window.parleyDemo?.state ?? null)");
            throw new TimeoutException($"{condition} did not become true within {Patience}; demo state: {state}");
        }
    }
}
