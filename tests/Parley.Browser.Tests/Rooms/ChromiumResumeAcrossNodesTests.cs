using System.Net;
using Microsoft.Playwright;
using Parley.Browser.Tests.Web;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Issue 11 scope 4 in Chromium: a call between a page on node A and one on node B of a two-process cluster; alice's
/// path to node A is cut for good (node A lives on). Her SDK fails over to node B, which relays her resume to node A
/// where her session waits suspended (docs/protocol.md §13): the session is resumed, not replaced, bob never sees her
/// leave, and after the ICE restarts video flows both ways again.
/// </summary>
public sealed class ChromiumResumeAcrossNodesTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string ClusterId = "browser-resume-across";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
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
    public async Task A_page_cut_off_from_its_node_resumes_through_the_other_node_and_media_flows_again_both_ways()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("browser_resume_across");
        var settings = ClusterNode.MediaNodeSettings(database, ClusterId);
        await using var nodeA = await ServerProcess.StartAsync(settings: ClusterNode.WithOwnMediaPort(settings));
        await using var nodeB = await ServerProcess.StartAsync(settings: ClusterNode.WithOwnMediaPort(settings));
        try
        {
            await ClusterNode.WaitForSilosAsync(database, ClusterId, ClusterNode.Active, 2);
            int room = Random.Shared.Next(100_000, 9_000_000);
            var path = new TcpCutRelay(new IPEndPoint(IPAddress.Loopback, nodeA.BaseUri.Port));
            var alice = await OpenAsync("alice", room, path.BaseUri, nodeB.WebSocketUri);
            var bob = await OpenAsync("bob", room, nodeB.BaseUri, nodeA.WebSocketUri);
            await WaitUntilAsync(alice, $"{DecodedFrames($"bob_{room}")} > 10");
            await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}")} > 10");
            var sessionId = await alice.EvaluateAsync<string>("() => window.parleyDemo.client.login.sessionId");
            await alice.EvaluateAsync("() => { window.seen = []; const c = window.parleyDemo.client; for (const e of ['disconnected', 'reconnected', 'failedOver']) c.on(e, (d) => window.seen.push({ type: e, ...d })); }");
            await bob.EvaluateAsync("() => { window.seen = []; window.parleyDemo.client.on('memberExited', (d) => window.seen.push(d)); }");

            path.CutAll();
            await path.DisposeAsync(); // her way to node A is gone; node A is not

            await WaitUntilAsync(alice, "window.seen.some((e) => e.type === 'reconnected')");
            var seen = await alice.EvaluateAsync<string>("() => JSON.stringify(window.seen)");
            output.WriteLine(seen);
            Assert.Contains("\"resumed\":true", seen, StringComparison.Ordinal);
            Assert.Contains($"\"url\":\"{nodeB.WebSocketUri}\"", seen, StringComparison.Ordinal);
            Assert.Equal(sessionId, await alice.EvaluateAsync<string>("() => window.parleyDemo.client.login.sessionId"));

            var aliceSees = await alice.EvaluateAsync<int>(DecodedFrames($"bob_{room}"));
            var bobSees = await bob.EvaluateAsync<int>(DecodedFrames($"alice_{room}"));
            await WaitUntilAsync(alice, $"{DecodedFrames($"bob_{room}")} > {aliceSees + 20}");
            await WaitUntilAsync(bob, $"{DecodedFrames($"alice_{room}")} > {bobSees + 20}");
            Assert.Equal("[]", await bob.EvaluateAsync<string>("() => JSON.stringify(window.seen)"));
            Assert.Equal(room, await alice.EvaluateAsync<int>("() => window.parleyDemo.client.roomId"));
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    private async Task<IPage> OpenAsync(string name, int room, Uri baseUri, Uri fallback)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUri.ToString() });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        PageLog.Attach(page, output);
        await page.GotoAsync($"/demo?identifier={name}_{room}&room={room}&autojoin=1&fallback={Uri.EscapeDataString(fallback.ToString())}");
        return page;
    }

    private static string DecodedFrames(string identifier) => DemoPages.DecodedFrames(identifier);

    private static Task WaitUntilAsync(IPage page, string condition) => DemoPages.WaitUntilAsync(page, condition, Patience);
}
