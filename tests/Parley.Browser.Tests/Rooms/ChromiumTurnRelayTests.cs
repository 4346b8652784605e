using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Media;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Room media relayed through coturn: demo pages with <c>iceTransportPolicy: 'relay'</c> may only use the TURN server
/// the login answer names (with this session's time-limited credentials), and still see each other.
/// </summary>
public sealed class ChromiumTurnRelayTests(TurnRelayFixture fixture, ITestOutputHelper output) : DemoPageTests(fixture.NewPageAsync, output), IClassFixture<TurnRelayFixture>
{
    [Fact]
    public async Task Pages_restricted_to_relay_candidates_exchange_video_through_coturn_with_the_logins_credentials()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var alice = await Pages.OpenAsync("alice", $"identifier=turna_{room}&room={room}&autojoin=1&iceTransportPolicy=relay");
        var bob = await Pages.OpenAsync("bob", $"identifier=turnb_{room}&room={room}&autojoin=1&iceTransportPolicy=relay");

        try
        {
            await DemoPages.WaitUntilAsync(alice, $"{DemoPages.DecodedFrames($"turnb_{room}")} > 10");
            await DemoPages.WaitUntilAsync(bob, $"{DemoPages.DecodedFrames($"turna_{room}")} > 10");
        }
        catch (TimeoutException)
        {
            foreach (var line in fixture.Turn.Log.TakeLast(80))
            {
                Output.WriteLine("[turnserver] " + line);
            }

            throw;
        }

        // The login handed out credentials for this coturn, and the pages used them.
        var iceServers = await alice.EvaluateAsync<string>("() => JSON.stringify(window.parleyDemo.client.login.iceServers)");
        Output.WriteLine("iceServers: " + iceServers);
        Assert.Contains(fixture.Turn.UdpUrl, iceServers, StringComparison.Ordinal);
        foreach (var (page, name) in new[] { (alice, "alice"), (bob, "bob") })
        {
            foreach (var transport in new[] { "send", "recv" })
            {
                var pair = await SelectedCandidatePair.WaitAsync(page, transport);
                Output.WriteLine($"{name} {transport}: {pair}");
                Assert.Equal("relay", pair.LocalType);
            }
        }

        // The server saw every peer at one of coturn's relay addresses.
        var media = fixture.Server.Services.GetRequiredService<MediaServerAccessor>().Server;
        var connected = media.Transports.Where(t => t.State == Parley.WebRtc.Transport.WebRtcTransportState.Connected).ToList();
        Assert.Equal(4, connected.Count);
        var (min, max) = fixture.Turn.RelayPorts;
        Assert.All(connected, t => Assert.InRange(t.RemoteEndPoint!.Port, min, max));
    }
}
