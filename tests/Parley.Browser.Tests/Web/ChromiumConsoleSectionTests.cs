using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// The console's other sections in headless Chromium: the dashboard's charts from <c>/metrics</c>, groups through the
/// vendor REST API, callbacks and recordings against the issue 12 contract's shapes (answered by the test where another
/// part of the issue serves them, so these check the console's side of the contract), and use by keyboard alone.
/// </summary>
public sealed class ChromiumConsoleSectionTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_dashboard_draws_rates_and_values_from_the_metrics_text_and_says_which_series_are_missing()
    {
        var console = await ConsolePage.OpenAsync(fixture, output);
        var scrapes = 0;
        string? authorization = null;
        // A server's /metrics whose counters grow by a fixed step per scrape (the real one is another part of issue 12).
        await console.Page.RouteAsync("**/metrics", async route =>
        {
            var n = Interlocked.Increment(ref scrapes);
            authorization = route.Request.Headers.GetValueOrDefault("authorization");
            var text = string.Create(CultureInfo.InvariantCulture, $$"""
                # HELP parley_media_rtp_packets_total RTP packets received and sent, by direction.
                # TYPE parley_media_rtp_packets_total counter
                parley_media_rtp_packets_total{direction="in"} {{n * 1000}}
                parley_media_rtp_packets_total{direction="out"} {{n * 3000}}
                # TYPE parley_media_rooms gauge
                parley_media_rooms 4
                # TYPE parley_limit_hits_total counter
                parley_limit_hits_total{limit="signaling_rate"} {{n * 10}}
                # TYPE process_cpu_seconds_total counter
                process_cpu_seconds_total {{n}}
                """);
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/plain; version=0.0.4; charset=utf-8", Body = text });
        });
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.GoAsync("dashboard");
        await console.Page.SelectOptionAsync("#metricsInterval", "1000");

        await console.WaitUntilAsync("() => window.parleyConsole.state.dashboard.scrapes >= 4");
        var panels = JsonDocument.Parse(await console.Page.EvaluateAsync<string>("() => JSON.stringify(window.parleyConsole.state.dashboard.panels)")).RootElement;
        // Counters become per-second rates (out is three times in, whatever the scrape spacing); gauges stay values.
        var packetsIn = panels.GetProperty("Packets").GetProperty("in").GetDouble();
        var packetsOut = panels.GetProperty("Packets").GetProperty("out").GetDouble();
        Assert.True(packetsIn > 0, $"in {packetsIn}/s");
        Assert.Equal(3, packetsOut / packetsIn, precision: 6);
        Assert.Equal(4, panels.GetProperty("Rooms").GetProperty("").GetDouble());
        Assert.Equal(packetsIn / 100, panels.GetProperty("Limit hits").GetProperty("signaling_rate").GetDouble(), precision: 6);
        // A panel without series says so; other programs' series (process_*) are listed but drawn nowhere.
        Assert.Empty(panels.GetProperty("Sessions").EnumerateObject());
        Assert.True(await console.Page.Locator("figure[data-chart='Sessions'] .note").IsVisibleAsync());
        Assert.Equal(2, await console.Page.Locator("figure[data-chart='Packets'] .legend li").CountAsync());
        await console.Page.ClickAsync("details.series summary");
        await console.WaitForAsync("#allSeries code >> text=process_cpu_seconds_total");
        Assert.Equal($"Bearer {fixture.Server.AdminToken}", authorization);
        await console.ScreenshotAsync("40-dashboard");
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task Groups_show_their_type_members_and_last_messages_through_the_rest_api()
    {
        var id = $"console_{Random.Shared.Next(100_000, 999_999)}";
        await VendorAsync("group_open_http_svc/create_group",
            $$"""{"Owner_Account":"{{id}}_owner","Type":"Public","GroupId":"{{id}}","Name":"Console group","MemberList":[{"Member_Account":"{{id}}_bob"}]}""");
        await VendorAsync("group_open_http_svc/send_group_msg",
            $$$"""{"GroupId":"{{{id}}}","From_Account":"{{{id}}}_owner","Random":7,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello from the owner"}}]}""");
        var console = await ConsolePage.OpenAsync(fixture, output);
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.Page.SelectOptionAsync("#appSelect", fixture.Server.DefaultApp.SdkAppId.ToString(CultureInfo.InvariantCulture));

        await console.GoAsync("groups");
        await console.WaitForAsync($"a[data-group='{id}']");
        var row = console.Page.Locator("#groupList tbody tr", new() { Has = console.Page.Locator($"a[data-group='{id}']") });
        Assert.Equal("Public", await row.Locator("td").Nth(1).InnerTextAsync());
        await console.Page.ClickAsync($"a[data-group='{id}']");

        await console.WaitForAsync("#groupMessages td >> text=hello from the owner");
        Assert.Equal("Public", await console.Page.InnerTextAsync("#groupType"));
        var members = await console.Page.InnerTextAsync("#groupMembers");
        Assert.Contains($"{id}_owner", members, StringComparison.Ordinal);
        Assert.Contains($"{id}_bob", members, StringComparison.Ordinal);
        Assert.Contains("Owner", members, StringComparison.Ordinal);
        await console.ScreenshotAsync("50-group");
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task Callback_settings_and_dead_letters_use_the_contract_s_shapes()
    {
        var console = await ConsolePage.OpenAsync(fixture, output);
        var app = fixture.Server.DefaultApp.SdkAppId;
        string? saved = null;
        string? retried = null;
        await console.Page.RouteAsync($"**/api/apps/{app}/callbacks", async route =>
        {
            if (route.Request.Method == "PUT")
            {
                saved = route.Request.PostData;
                var echoed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(saved!)!;
                echoed["signingKey"] = JsonSerializer.SerializeToElement("k3y-shown-once");
                await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(echoed) });
                return;
            }

            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json",
                Body = """{"url":null,"events":null,"beforeSend":{"url":null,"timeoutMs":2000,"failOpen":true}}""" });
        });
        await console.Page.RouteAsync($"**/api/apps/{app}/callbacks/dead-letters", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = """[{"id":41,"eventType":103,"url":"https://backend.example/events","attempts":6,"lastError":"HTTP 503","createdAt":"2026-12-04T10:00:00Z","body":"{\"EventType\":103}"}]""",
        }));
        await console.Page.RouteAsync($"**/api/apps/{app}/callbacks/dead-letters/*/retry", async route =>
        {
            retried = route.Request.Url;
            await route.FulfillAsync(new() { Status = 204 });
        });
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.Page.SelectOptionAsync("#appSelect", app.ToString(CultureInfo.InvariantCulture));
        await console.GoAsync("callbacks");

        await console.WaitForAsync("[data-retry='41']");
        await console.Page.FillAsync("#callbackUrl", "https://backend.example/events");
        await console.Page.UncheckAsync("#callbackAllEvents");
        foreach (var box in await console.Page.QuerySelectorAllAsync("input[data-event]"))
        {
            await box.UncheckAsync();
        }

        await console.Page.CheckAsync("input[data-event='103']");
        await console.Page.CheckAsync("input[data-event='104']");
        await console.Page.FillAsync("#beforeSendUrl", "https://backend.example/before");
        await console.Page.FillAsync("#beforeSendTimeout", "1500");
        await console.Page.UncheckAsync("#beforeSendFailOpen");
        await console.Page.ClickAsync("#saveCallbacks");
        await console.WaitForAsync("#callbackKey >> text=k3y-shown-once");
        await console.ScreenshotAsync("60-callbacks");

        var body = JsonDocument.Parse(saved!).RootElement;
        Assert.Equal("https://backend.example/events", body.GetProperty("url").GetString());
        Assert.Equal([103, 104], body.GetProperty("events").EnumerateArray().Select(e => e.GetInt32()));
        var beforeSend = body.GetProperty("beforeSend");
        Assert.Equal(("https://backend.example/before", 1500, false),
            (beforeSend.GetProperty("url").GetString(), beforeSend.GetProperty("timeoutMs").GetInt32(), beforeSend.GetProperty("failOpen").GetBoolean()));

        await console.Page.ClickAsync("[data-retry='41']");
        await console.WaitUntilAsync("() => !document.querySelector('[data-retry][aria-busy]')");
        Assert.EndsWith($"/api/apps/{app}/callbacks/dead-letters/41/retry", retried, StringComparison.Ordinal);
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task Recordings_are_listed_downloaded_and_stopped_with_the_contract_s_shapes()
    {
        var console = await ConsolePage.OpenAsync(fixture, output);
        var app = fixture.Server.DefaultApp.SdkAppId;
        string? stopped = null;
        string? fileAuthorization = null;
        await console.Page.RouteAsync($"**/api/apps/{app}/recordings", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = """
                [{"recordingId":"rec1","sdkAppId":1,"roomId":4321,"state":"stopped","startedAt":"2026-12-04T10:00:00Z","stoppedAt":"2026-12-04T10:05:00Z",
                  "stopReason":"requested","node":"n1","packetsDropped":0,
                  "files":[{"fileName":"alice-camera.webm","identifier":"alice","source":"camera","kind":"video","codec":"VP8","contentType":"video/webm",
                            "producerId":"p1","width":640,"height":360,"offsetMs":0,"durationMs":300000,"sizeBytes":2097152,"frames":9000,"complete":true,
                            "packetsLost":0,"framesSkipped":0,"keyFrameRequests":1}]},
                 {"recordingId":"rec2","sdkAppId":1,"roomId":8765,"state":"recording","startedAt":"2026-12-04T11:00:00Z","stoppedAt":null,
                  "stopReason":null,"node":"n1","packetsDropped":0,"files":[]}]
                """,
        }));
        await console.Page.RouteAsync($"**/api/apps/{app}/recordings/rec1/files/alice-camera.webm", async route =>
        {
            fileAuthorization = route.Request.Headers.GetValueOrDefault("authorization");
            await route.FulfillAsync(new() { Status = 200, ContentType = "video/webm", BodyBytes = [0x1A, 0x45, 0xDF, 0xA3] });
        });
        await console.Page.RouteAsync($"**/api/apps/{app}/rooms/8765/recording", async route =>
        {
            stopped = route.Request.Method;
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = """{"recordingId":"rec2","roomId":8765,"files":[]}""" });
        });
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.Page.SelectOptionAsync("#appSelect", app.ToString(CultureInfo.InvariantCulture));
        await console.GoAsync("recordings");

        await console.WaitForAsync("[data-file='alice-camera.webm']");
        Assert.Contains("2.0 MiB", await console.Page.InnerTextAsync("#recordingList"), StringComparison.Ordinal);
        await console.ScreenshotAsync("70-recordings");
        var download = await console.Page.RunAndWaitForDownloadAsync(() => console.Page.ClickAsync("[data-file='alice-camera.webm']"));
        Assert.Equal("alice-camera.webm", download.SuggestedFilename);
        Assert.Equal($"Bearer {fixture.Server.AdminToken}", fileAuthorization);

        // Only the running recording (state recording) has Stop; it stops through the room's recording endpoint.
        Assert.Equal(1, await console.Page.Locator("[data-stop]").CountAsync());
        await console.Page.ClickAsync("[data-stop='8765']");
        await console.WaitUntilAsync("() => !document.querySelector('[data-stop][aria-busy]')");
        Assert.Equal("DELETE", stopped);
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task A_room_s_tracks_platforms_and_dissolve_time_show_and_Mute_posts_the_contract_s_body()
    {
        var console = await ConsolePage.OpenAsync(fixture, output);
        var app = fixture.Server.DefaultApp.SdkAppId;
        var dissolvesAt = DateTimeOffset.UtcNow.AddSeconds(25).ToString("O", CultureInfo.InvariantCulture);
        string? muted = null;
        // The room details as the rooms-admin part of issue 12 extends them (members' platforms and tracks, dissolvesAt).
        await console.Page.RouteAsync($"**/api/apps/{app}/rooms/555", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = $$"""
                {"sdkAppId":{{app}},"roomId":555,"owner":"alice","createdAt":"2026-12-04T10:00:00Z","emptySince":null,"dissolvesAt":null,
                 "members":[{"identifier":"alice","role":"anchor","platform":"web","isOwner":true,"joinedAt":1796380000000,
                   "tracks":[{"producerId":"p1","source":"camera","kind":"video","muted":false,"adminMuted":false,"codec":"VP8","layers":1,"bitrateBps":1200000,"packetLoss":0.025},
                             {"producerId":"p2","source":"microphone","kind":"audio","muted":true,"adminMuted":true,"codec":"opus","layers":1,"bitrateBps":null,"packetLoss":null}]},
                  {"identifier":"bob","role":"audience","platform":"android","isOwner":false,"joinedAt":1796380001000,"tracks":[]}]}
                """,
        }));
        await console.Page.RouteAsync($"**/api/apps/{app}/rooms/556", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/json",
            Body = $$"""{"sdkAppId":{{app}},"roomId":556,"owner":"carol","createdAt":"2026-12-04T10:00:00Z","emptySince":"2026-12-04T10:01:00Z","dissolvesAt":"{{dissolvesAt}}","members":[]}""",
        }));
        await console.Page.RouteAsync($"**/api/apps/{app}/rooms/555/members/alice/mute", async route =>
        {
            muted = route.Request.PostData;
            await route.FulfillAsync(new() { Status = 204 });
        });
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.Page.SelectOptionAsync("#appSelect", app.ToString(CultureInfo.InvariantCulture));

        await console.GoAsync("rooms/555");
        await console.WaitForAsync("[data-member='bob']");
        var members = await console.Page.InnerTextAsync("#roomMembers");
        Assert.Contains("camera video VP8", members, StringComparison.Ordinal);
        Assert.Contains("1200 kbps", members, StringComparison.Ordinal);
        Assert.Contains("loss 2.5 %", members, StringComparison.Ordinal);
        Assert.Contains("muted by operator", members, StringComparison.Ordinal);
        Assert.Contains("android", members, StringComparison.Ordinal);
        Assert.Contains("publishes nothing", members, StringComparison.Ordinal);
        await console.ScreenshotAsync("80-room-with-tracks");

        // The operator's mute lock: the microphone is locked (Unmute releases it), the camera is not (Mute locks it).
        Assert.Equal("Unmute microphone", await console.Page.InnerTextAsync("[data-mute='alice/microphone']"));
        await console.Page.ClickAsync("[data-mute='alice/camera']");
        await console.WaitUntilAsync("() => !document.querySelector('[data-mute][aria-busy]')");
        var body = JsonDocument.Parse(muted!).RootElement;
        Assert.Equal(("camera", true), (body.GetProperty("source").GetString(), body.GetProperty("muted").GetBoolean()));

        // An empty room counts down to its dissolution (R3.5).
        await console.GoAsync("rooms/556");
        await console.WaitForAsync("#roomState");
        Assert.Matches("dissolves in 2[0-5] s", await console.Page.InnerTextAsync("#roomState"));
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task The_console_works_with_the_keyboard_alone()
    {
        using var admin = fixture.Server.CreateAdminClient();
        using var createdResponse = await admin.PostAsJsonAsync("api/apps", new { name = "keyboard" });
        var created = await createdResponse.Content.ReadFromJsonAsync<JsonElement>(Json);
        var app = created.GetProperty("sdkAppId").GetInt64();
        var console = await ConsolePage.OpenAsync(fixture, output);
        var keyboard = console.Page.Keyboard;

        // Tab to the token field, type, Enter.
        await TabToAsync(console.Page, "#token");
        await keyboard.TypeAsync(fixture.Server.AdminToken);
        await keyboard.PressAsync("Enter");
        await console.WaitUntilAsync("() => window.parleyConsole.state.phase === 'signedIn'");

        // Choose the app in the header's select, then the Apps section; focus lands on the section's heading.
        await TabToAsync(console.Page, "#appSelect");
        await console.Page.SelectOptionAsync("#appSelect", app.ToString(CultureInfo.InvariantCulture)); // a select's own keys differ per platform
        await TabToAsync(console.Page, "#tabs a[href='#apps']");
        await keyboard.PressAsync("Enter");
        await console.WaitUntilAsync("() => window.parleyConsole.state.route === 'apps' && document.activeElement?.tagName === 'H1'");

        // A destructive button asks again: Enter arms it, Enter confirms.
        await TabToAsync(console.Page, "#rotateKey");
        await keyboard.PressAsync("Enter");
        Assert.StartsWith("Confirm", await console.Page.InnerTextAsync("#rotateKey"), StringComparison.Ordinal);
        await keyboard.PressAsync("Enter");
        await console.WaitUntilAsync($"() => window.parleyConsole.state.lastRotation?.sdkAppId === {app}");
        var rotated = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{app}", Json);
        Assert.NotEqual(created.GetProperty("secretKey").GetString(), rotated.GetProperty("secretKey").GetString());
        Assert.Empty(console.Errors());
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has the focus (at most 60 times).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement === document.querySelector(s)", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"Tab never reached {selector}; focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 120)")}");
    }

    private async Task VendorAsync(string command, string body)
    {
        var answer = await fixture.Server.CallRestApiAsync(command, body);
        Assert.True(answer.GetProperty("ActionStatus").GetString() == "OK", answer.ToString());
    }
}
