using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Parley.Browser.Tests.Web;
using Parley.Testing;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Issue 11, proof "media across nodes": three server processes on one PostgreSQL database; a Chromium page signals
/// through node A and one through node B, and both decode each other's video through the room's one media node. That
/// node is killed with SIGKILL: the pages fail over (when their own node died) or hear <c>mediaReset</c>, publish again,
/// and decode each other again through a live node.
/// </summary>
public sealed class ChromiumClusterMediaTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string ClusterId = "browser-cluster";
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
    public async Task Pages_on_two_nodes_see_each_other_and_see_each_other_again_after_the_media_node_is_killed()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("browser_cluster");
        var settings = ClusterNode.MediaNodeSettings(database, ClusterId);
        var nodes = new List<ServerProcess>();
        var mediaPorts = new List<int>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var node = ClusterNode.WithOwnMediaPort(settings);
                mediaPorts.Add(int.Parse(node["Media:UdpPort"], CultureInfo.InvariantCulture));
                nodes.Add(await ServerProcess.StartAsync(settings: node));
            }

            await ClusterNode.WaitForSilosAsync(database, ClusterId, ClusterNode.Active, 3);
            int room = Random.Shared.Next(100_000, 9_000_000);
            var alice = await OpenAsync("alice", room, nodes[0], nodes[1], nodes[2]);
            var bob = await OpenAsync("bob", room, nodes[1], nodes[0], nodes[2]);
            await WaitUntilAsync(alice, NewTrackDecoding($"bob_{room}", previousTrack: ""));
            await WaitUntilAsync(bob, NewTrackDecoding($"alice_{room}", previousTrack: ""));

            // One media node for the room: both pages' connections go to the same node, whichever the load chose.
            int mediaPort = await MediaPortAsync(alice);
            Assert.Equal(mediaPort, await MediaPortAsync(bob));
            int mediaNode = mediaPorts.IndexOf(mediaPort);
            Assert.InRange(mediaNode, 0, 2);
            string aliceSees = await TrackIdAsync(alice, $"bob_{room}");
            string bobSees = await TrackIdAsync(bob, $"alice_{room}");

            var killed = Stopwatch.StartNew();
            nodes[mediaNode].Kill();
            await WaitUntilAsync(alice, NewTrackDecoding($"bob_{room}", aliceSees));
            await WaitUntilAsync(bob, NewTrackDecoding($"alice_{room}", bobSees));
            output.WriteLine($"media node {mediaNode} (of 0 = alice's, 1 = bob's, 2 = neither) killed: both pages decode each other again after {killed.Elapsed.TotalSeconds:F1} s");

            int newPort = await MediaPortAsync(alice);
            Assert.Equal(newPort, await MediaPortAsync(bob));
            Assert.NotEqual(mediaPort, newPort);
            Assert.Equal(room, await alice.EvaluateAsync<int>("() => window.parleyDemo.client.roomId"));
            Assert.Equal(room, await bob.EvaluateAsync<int>("() => window.parleyDemo.client.roomId"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await postgres.DropDatabaseAsync(database);
        }
    }

    private async Task<IPage> OpenAsync(string name, int room, ServerProcess node, params ServerProcess[] others)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = node.BaseUri.ToString() });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        PageLog.Attach(page, output);
        string fallback = Uri.EscapeDataString(string.Join(',', others.Select(other => other.WebSocketUri)));
        await page.GotoAsync($"/demo?identifier={name}_{room}&room={room}&autojoin=1&fallback={fallback}");
        return page;
    }

    /// <summary>The server port of the send connection's selected ICE pair: the node holding the room's media.</summary>
    private static Task<int> MediaPortAsync(IPage page) => page.EvaluateAsync<int>("""
        async () => {
          const stats = await window.parleyDemo.client.publisher.pc.getStats();
          let pair;
          stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
          return pair ? stats.get(pair.remoteCandidateId).port : 0;
        }
        """);

    private static Task<string> TrackIdAsync(IPage page, string identifier) => page.EvaluateAsync<string>(
        $"() => document.querySelector(\".tile:not(.local) video[data-identifier='{identifier}'][data-source='camera']\").dataset.trackId");

    /// <summary>
    /// A script expression: the remote camera tile of <paramref name="identifier"/> shows a track other than
    /// <paramref name="previousTrack"/> and has decoded 20 frames of it since first seen here.
    /// </summary>
    private static string NewTrackDecoding(string identifier, string previousTrack) =>
        $"(() => {{ const v = document.querySelector(\".tile:not(.local) video[data-identifier='{identifier}'][data-source='camera']\"); " +
        $"if (!v || !v.dataset.trackId || v.dataset.trackId === '{previousTrack}' || v.videoWidth === 0) return false; " +
        "const n = v.getVideoPlaybackQuality().totalVideoFrames; " +
        "if (v.dataset.baseTrack !== v.dataset.trackId) { v.dataset.baseTrack = v.dataset.trackId; v.dataset.baseFrames = String(n); return false; } " +
        "return n >= Number(v.dataset.baseFrames) + 20; })()";

    private static Task WaitUntilAsync(IPage page, string condition) => DemoPages.WaitUntilAsync(page, condition, Patience);
}
