using System.Net.Http.Json;
using Parley.Browser.Tests.Web;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// Simulcast layer choice per subscriber and roles driving the publisher's uplink (R4.1, R4.3), through the real
/// server's SFU with demo pages in Chromium.
/// </summary>
public sealed class ChromiumUplinkTests(BrowserFixture fixture, ITestOutputHelper output) : DemoPageTests(fixture.NewPageAsync, output), IClassFixture<BrowserFixture>
{
    public override async Task InitializeAsync()
    {
        using var admin = fixture.Server.CreateAdminClient();
        var app = fixture.Server.DefaultApp.SdkAppId;
        await PutRoleAsync(admin, app, "uplink_sd", 640, 360, 15, 200, 600);
        await PutRoleAsync(admin, app, "uplink_hd", 1280, 720, 30, 600, 2500);
    }

    [Fact]
    public async Task A_subscriber_that_asks_for_the_low_layer_decodes_a_smaller_frame_width()
    {
        // Issue 8 point 1: per-subscriber simulcast layer choice, settable by the subscriber.
        int room = Random.Shared.Next(100_000, 9_000_000);
        var publisher = $"pub_{room}";
        await Pages.OpenAsync("pub", $"identifier={publisher}&room={room}&role=uplink_hd&simulcast=1&autojoin=1");
        var low = await Pages.OpenAsync("low", $"identifier=low_{room}&room={room}&layer=low&publish=0&autojoin=1");
        var high = await Pages.OpenAsync("high", $"identifier=high_{room}&room={room}&layer=high&publish=0&autojoin=1");

        await DemoPages.WaitUntilAsync(low, $"{DemoPages.FrameWidth(publisher)} > 0");
        // The high layer needs the publisher's bandwidth estimate to ramp up; it then decodes wider than the low one.
        await DemoPages.WaitUntilAsync(high, $"{DemoPages.FrameWidth(publisher)} > 400", TimeSpan.FromSeconds(60));
        var lowWidth = await low.EvaluateAsync<int>(DemoPages.FrameWidth(publisher));
        var highWidth = await high.EvaluateAsync<int>(DemoPages.FrameWidth(publisher));
        Output.WriteLine($"low layer {lowWidth} px wide, high layer {highWidth} px");

        Assert.InRange(lowWidth, 1, 400);
        Assert.True(lowWidth < highWidth, $"low {lowWidth} px, high {highWidth} px");
    }

    [Fact]
    public async Task Changing_role_applies_the_new_bounds_to_the_camera_sender_live()
    {
        // R4.1/R4.3: the role gives the uplink's frame rate and bitrate bounds; changeRole applies them without rejoining.
        int room = Random.Shared.Next(100_000, 9_000_000);
        var page = await Pages.OpenAsync("pub", $"identifier=role_{room}&room={room}&role=uplink_sd&autojoin=1");
        const string Encodings = """
            () => {
              const sender = window.parleyDemo?.client?.publisher?.pc?.getSenders().find((s) => s.track?.kind === 'video');
              return JSON.stringify(sender ? sender.getParameters().encodings : null);
            }
            """;
        await DemoPages.WaitUntilAsync(page, $"({Encodings})()?.includes('600000')");
        Output.WriteLine("as uplink_sd: " + await page.EvaluateAsync<string>(Encodings));

        await page.SelectOptionAsync("#roleSelect", "uplink_hd");

        await DemoPages.WaitUntilAsync(page, $"({Encodings})()?.includes('2500000')");
        var encodings = await page.EvaluateAsync<string>(Encodings);
        Output.WriteLine("as uplink_hd: " + encodings);
        Assert.Contains("\"maxFramerate\":30", encodings, StringComparison.Ordinal);
        var stillThere = await page.EvaluateAsync<int>("() => window.parleyDemo.client.publisher.pc.getSenders().filter((s) => s.track).length");
        Assert.True(stillThere >= 1); // same sender, no renegotiation needed
    }

    private static async Task PutRoleAsync(HttpClient admin, long app, string name, int width, int height, int fps, int minKbps, int maxKbps)
    {
        using var response = await admin.PutAsJsonAsync(
            new Uri($"/api/apps/{app}/roles/web/{name}", UriKind.Relative),
            new
            {
                video = new { width, height, fps, minBitrateKbps = minKbps, maxBitrateKbps = maxKbps },
                audio = new { sampleRate = 48000, channels = 1, bitrateKbps = 32 },
                isDefault = false,
            });
        response.EnsureSuccessStatusCode();
    }
}
