using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Media;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Room media over ICE-TCP (RFC 6544): the server offers only its passive TCP candidate, as if UDP to the media port
/// were blocked, and two demo pages in Chromium still see each other through the SFU, over TCP both ways.
/// </summary>
public sealed class ChromiumIceTcpTests(TcpOnlyMediaFixture fixture, ITestOutputHelper output) : DemoPageTests(fixture.NewPageAsync, output), IClassFixture<TcpOnlyMediaFixture>
{
    [Fact]
    public async Task Two_pages_without_a_udp_path_to_the_media_port_exchange_video_over_ice_tcp()
    {
        // R3.1 on a network that blocks UDP.
        int room = Random.Shared.Next(100_000, 9_000_000);
        var alice = await Pages.OpenAsync("alice", $"identifier=tcpa_{room}&room={room}&autojoin=1");
        var bob = await Pages.OpenAsync("bob", $"identifier=tcpb_{room}&room={room}&autojoin=1");

        await DemoPages.WaitUntilAsync(alice, $"{DemoPages.DecodedFrames($"tcpb_{room}")} > 10");
        await DemoPages.WaitUntilAsync(bob, $"{DemoPages.DecodedFrames($"tcpa_{room}")} > 10");

        foreach (var (page, name) in new[] { (alice, "alice"), (bob, "bob") })
        {
            foreach (var transport in new[] { "send", "recv" })
            {
                var pair = await SelectedCandidatePair.WaitAsync(page, transport);
                Output.WriteLine($"{name} {transport}: {pair}");
                Assert.Equal("tcp", pair.LocalProtocol);
                Assert.Equal("tcp", pair.RemoteProtocol);
                Assert.Equal("host", pair.RemoteType);
            }
        }

        // The server's side of it: every connected transport sends over an ICE-TCP connection, and frames went both ways.
        var media = fixture.Server.Services.GetRequiredService<MediaServerAccessor>().Server;
        var connected = media.Transports.Where(t => t.State == Parley.WebRtc.Transport.WebRtcTransportState.Connected).ToList();
        Assert.Equal(4, connected.Count); // two pages × (send + recv)
        Assert.All(connected, t => Assert.Equal("tcp", t.RemoteProtocol));
        var stats = media.GetIceTcpStats();
        Output.WriteLine($"ICE-TCP: {stats}");
        Assert.True(stats.FramesReceived > 100);
        Assert.Equal(0, stats.FramesOversized);

        // And the operator sees it in /metrics (docs/metrics.md).
        using var http = fixture.Server.CreateClient();
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var frames = metrics.Split('\n').Single(line => line.StartsWith("parley_media_ice_tcp_frames_total ", StringComparison.Ordinal));
        Output.WriteLine(frames);
        Assert.True(double.Parse(frames.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 100);
        Assert.Contains("parley_media_ice_tcp_connections_total{outcome=\"accepted\"}", metrics, StringComparison.Ordinal);
    }
}
