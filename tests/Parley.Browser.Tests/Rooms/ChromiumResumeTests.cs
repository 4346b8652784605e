using System.Net;
using Microsoft.Playwright;
using Parley.Browser.Tests.Web;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// A network drop in the middle of a call, through the real server (docs/protocol.md §13): alice's page reaches the
/// server through a TCP relay that the test cuts (RST, no close frame). Her SDK resumes the suspended session and
/// restarts ICE on both transports; bob never sees her leave, and video keeps flowing both ways.
/// </summary>
public sealed class ChromiumResumeTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_cut_connection_is_resumed_in_the_room_and_media_keeps_flowing_both_ways()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var server = fixture.Server.BaseUri;
        await using var relay = new TcpCutRelay(new IPEndPoint(IPAddress.Loopback, server.Port));
        var alice = await NewPageAsync("alice", relay.BaseUri);
        var bob = await NewPageAsync("bob", server);
        await alice.GotoAsync($"/demo?identifier=alice_{room}&room={room}&autojoin=1");
        await bob.GotoAsync($"/demo?identifier=bob_{room}&room={room}&autojoin=1");
        await WaitUntilAsync(alice, $"{DecodedFrames($"bob_{room}")} > 10");
        await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}")} > 10");
        await alice.EvaluateAsync("() => { window.seen = []; const c = window.parleyDemo.client; for (const e of ['disconnected', 'reconnected']) c.on(e, (d) => window.seen.push({ type: e, ...d })); }");
        await bob.EvaluateAsync("() => { window.seen = []; window.parleyDemo.client.on('memberExited', (d) => window.seen.push(d)); }");

        relay.CutAll();

        await WaitUntilAsync(alice, "window.seen.some((e) => e.type === 'reconnected')");
        var reconnected = await alice.EvaluateAsync<string>("() => JSON.stringify(window.seen)");
        output.WriteLine(reconnected);
        Assert.Contains("\"resumed\":true", reconnected, StringComparison.Ordinal);
        Assert.Contains($"\"roomId\":{room}", reconnected, StringComparison.Ordinal);

        // Media on both transports after the ICE restarts: alice keeps decoding bob, bob keeps decoding alice.
        var aliceSees = await alice.EvaluateAsync<int>(DecodedFrames($"bob_{room}"));
        var bobSees = await bob.EvaluateAsync<int>(DecodedFrames($"alice_{room}"));
        await WaitUntilAsync(alice, $"{DecodedFrames($"bob_{room}")} > {aliceSees + 20}");
        await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}")} > {bobSees + 20}");
        Assert.Equal("[]", await bob.EvaluateAsync<string>("() => JSON.stringify(window.seen)")); // bob never saw her leave
        Assert.Equal(room, await alice.EvaluateAsync<int>("() => window.parleyDemo.client.roomId"));
        Assert.True(relay.Accepted >= 2, "alice reconnected through the relay");
    }

    private async Task<IPage> NewPageAsync(string name, Uri baseUri)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUri.ToString() });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        PageLog.Attach(page, output);
        return page;
    }

    private static string DecodedFrames(string identifier) => DemoPages.DecodedFrames(identifier);

    private static Task WaitUntilAsync(IPage page, string condition) => DemoPages.WaitUntilAsync(page, condition, Patience);
}
