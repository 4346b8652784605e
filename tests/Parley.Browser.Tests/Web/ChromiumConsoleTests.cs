using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Parley.Browser.Tests.Rooms;
using Parley.Client;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// The web console (issue 12) in headless Chromium against a real server: an operator signs in with the admin token,
/// creates an app, adds a role, generates a userSig that then logs a real browser in, and watches that user's live room.
/// Screenshots go to <see cref="ConsolePage.ScreenshotDirectory"/>.
/// </summary>
public sealed class ChromiumConsoleTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task An_operator_creates_an_app_and_role_signs_a_userSig_and_watches_its_user_in_a_live_room()
    {
        var room = Random.Shared.Next(100_000, 9_000_000);
        var identifier = $"web_{room}";
        var console = await ConsolePage.OpenAsync(fixture, output);

        await console.SignInAsync(fixture.Server.AdminToken);
        // The token stays in the tab's session storage, never in the address.
        Assert.Equal(fixture.Server.AdminToken, await console.Page.EvaluateAsync<string>("() => sessionStorage.getItem('parley.console.token')"));
        Assert.DoesNotContain(fixture.Server.AdminToken, console.Page.Url, StringComparison.Ordinal);
        await console.ScreenshotAsync("01-signed-in-dashboard");

        // An app with a key pair (R1.1, R1.3): the private key is offered once, as a download.
        await console.GoAsync("apps");
        await console.Page.FillAsync("#newAppName", $"Console shop {room}");
        await console.Page.CheckAsync("#newAppKeyPair");
        await console.Page.ClickAsync("#createApp");
        await console.WaitForAsync("#privateKeyPem");
        await console.ScreenshotAsync("02-app-created-private-key-once");
        var download = await console.Page.RunAndWaitForDownloadAsync(() => console.Page.ClickAsync("#downloadPrivateKey"));
        var keyFile = Path.Combine(ConsolePage.ScreenshotDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(keyFile);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(keyFile), StringComparison.Ordinal);
        File.Delete(keyFile);
        await console.Page.ClickAsync("#dismissPrivateKey");
        Assert.Equal(0, await console.Page.Locator("#privateKeyPem").CountAsync());

        var sdkAppId = long.Parse(await console.Page.InnerTextAsync("#sdkAppId"), System.Globalization.CultureInfo.InvariantCulture);
        using var admin = fixture.Server.CreateAdminClient();
        var stored = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{sdkAppId}", Json);
        Assert.Equal($"Console shop {room}", stored.GetProperty("name").GetString());
        Assert.Equal(stored.GetProperty("accountType").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), await console.Page.InnerTextAsync("#accountType"));
        await console.Page.ClickAsync("#showSecretKey");
        Assert.Equal(stored.GetProperty("secretKey").GetString(), await console.Page.InnerTextAsync("#secretKey"));

        // A role for the web platform (R4.1), through the editor.
        await console.GoAsync("roles");
        await console.Page.SelectOptionAsync("#rolePlatform", "web");
        await console.Page.FillAsync("#roleName", "anchor");
        await console.Page.FillAsync("#roleWidth", "960");
        await console.Page.FillAsync("#roleHeight", "540");
        await console.Page.FillAsync("#roleMaxBitrate", "1200");
        await console.Page.ClickAsync("#saveRole");
        await console.WaitForAsync("#roleList td >> text=anchor");
        var roles = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{sdkAppId}/roles?platform=web", Json);
        var role = Assert.Single(roles.EnumerateArray());
        Assert.Equal(("anchor", 960, 1200), (role.GetProperty("name").GetString(), role.GetProperty("video").GetProperty("width").GetInt32(),
            role.GetProperty("video").GetProperty("maxBitrateKbps").GetInt32()));
        await console.ScreenshotAsync("03-role-added");

        // The userSig tool (R2.2) …
        await console.GoAsync("usersig");
        await console.Page.FillAsync("#sigIdentifier", identifier);
        await console.Page.SelectOptionAsync("#sigValidity", "86400");
        await console.Page.ClickAsync("#generateSig");
        await console.WaitForAsync("#userSig");
        var userSig = await console.Page.InputValueAsync("#userSig");
        await console.ScreenshotAsync("04-usersig");

        // … logs a real browser into the new app, in a room, with the new role.
        var demo = await fixture.NewPageAsync();
        PageLog.Attach(demo, output);
        await demo.GotoAsync($"/demo?identifier={identifier}&room={room}&role=anchor&autojoin=1&sdkAppId={sdkAppId}&userSig={Uri.EscapeDataString(userSig)}");
        await DemoPages.WaitUntilAsync(demo, "() => window.parleyDemo.state.phase === 'joined'");

        // The console's live rooms show the room, its owner and the member with its role (R3.4, R4).
        await console.GoAsync("rooms");
        await console.WaitForAsync($"a[data-room='{room}']");
        await console.ScreenshotAsync("05-live-rooms");
        await console.Page.ClickAsync($"a[data-room='{room}']");
        await console.WaitForAsync($"[data-member='{identifier}']");
        Assert.Equal(identifier, (await console.Page.InnerTextAsync("#roomOwner")).Split(' ')[0]);
        var row = console.Page.Locator("#roomMembers tbody tr", new() { Has = console.Page.Locator($"[data-member='{identifier}']") });
        Assert.Equal("anchor", await row.Locator("td").Nth(1).InnerTextAsync());
        await console.ScreenshotAsync("06-room-detail");

        // The dashboard reads the server's own /metrics: the logged-in session and the page's RTP through the SFU.
        await console.GoAsync("dashboard");
        await console.WaitUntilAsync("""
            () => { const d = window.parleyConsole.state.dashboard;
                    return d.scrapes >= 2 && Object.values(d.panels.Sessions ?? {}).some(v => v > 0)
                        && Object.values(d.panels.Participants ?? {}).some(v => v > 0) && Object.values(d.panels.Packets ?? {}).some(v => v > 0); }
            """, TimeSpan.FromSeconds(40));
        await console.ScreenshotAsync("06b-dashboard-live");
        await console.GoAsync($"rooms/{room}");
        await console.WaitForAsync($"[data-member='{identifier}']");

        // Remove (the existing kick): the console shows the room empty and the user's page hears kickedOut. (Today's
        // browser SDK passes an operator's kickedOut on as a plain notification; either form counts.)
        await demo.EvaluateAsync(@"() => {
            window.kicked = [];
            const client = window.parleyDemo.client;
            client.on('kickedOut', (e) => window.kicked.push(e.reason));
            client.on('notification', ({ method, params }) => { if (method === 'kickedOut') window.kicked.push(params.reason); });
        }");
        await console.Page.ClickAsync($"[data-remove='{identifier}']");
        await console.Page.ClickAsync($"[data-remove='{identifier}']"); // the confirmation click
        await console.WaitUntilAsync($"() => !document.querySelector(\"[data-member='{identifier}']\")");
        await DemoPages.WaitUntilAsync(demo, "() => window.kicked.length > 0");
        Assert.Equal("kicked", await demo.EvaluateAsync<string>("() => window.kicked[0]"));
        var detail = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{sdkAppId}/rooms/{room}", Json);
        Assert.Equal(0, detail.GetProperty("members").GetArrayLength());
        await console.ScreenshotAsync("07-member-removed");
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task Dismissing_a_live_room_from_the_console_ends_every_member_s_stay()
    {
        var room = Random.Shared.Next(100_000, 9_000_000);
        var app = fixture.Server.DefaultApp.SdkAppId;
        await using var alice = new ParleyClient(new ParleyClientOptions { ServerUri = fixture.Server.WebSocketUri, Platform = "linux" });
        await using var bob = new ParleyClient(new ParleyClientOptions { ServerUri = fixture.Server.WebSocketUri, Platform = "android" });
        var kicked = new[] { alice, bob }.Select(client =>
        {
            var reason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.KickedOut += (_, e) => reason.TrySetResult($"{e.RoomId}:{e.Reason}");
            return reason.Task;
        }).ToList();
        await alice.LoginAsync(app, $"alice_{room}", fixture.Server.UserSig($"alice_{room}"));
        await alice.JoinRoomAsync(room);
        await bob.LoginAsync(app, $"bob_{room}", fixture.Server.UserSig($"bob_{room}"));
        await bob.JoinRoomAsync(room);

        var console = await ConsolePage.OpenAsync(fixture, output);
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.Page.SelectOptionAsync("#appSelect", app.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await console.GoAsync($"rooms/{room}");
        await console.WaitForAsync($"[data-member='bob_{room}']");
        await console.ScreenshotAsync("10-room-before-dismiss");

        // Needs DELETE /api/apps/{id}/rooms/{roomId} (the rooms-admin part of issue 12).
        await console.Page.ClickAsync("#dismissRoom");
        await console.Page.ClickAsync("#dismissRoom");
        await console.WaitForAsync("#roomGone");
        await console.ScreenshotAsync("11-room-dismissed");

        // Every member's stay ended with reason "dismissed" (vendor 2).
        var reasons = await Task.WhenAll(kicked).WaitAsync(ConsolePage.Patience);
        Assert.All(reasons, r => Assert.Equal($"{room}:dismissed", r));
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task A_wrong_admin_token_is_refused_with_a_clear_message_and_not_kept()
    {
        var console = await ConsolePage.OpenAsync(fixture, output);

        await console.Page.FillAsync("#token", "not-the-admin-token");
        await console.Page.ClickAsync("#signInButton");
        await console.WaitUntilAsync("() => window.parleyConsole.state.signInError !== null");

        var message = await console.Page.InnerTextAsync("#signInError");
        Assert.Contains("refused", message, StringComparison.Ordinal);
        Assert.Contains("91001", message, StringComparison.Ordinal); // AdminUnauthorized, docs/errors.md
        Assert.Contains("startup banner", message, StringComparison.Ordinal);
        Assert.True(await console.Page.Locator("#shell").IsHiddenAsync());
        Assert.Null(await console.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('parley.console.token')"));
        Assert.DoesNotContain("not-the-admin-token", console.Page.Url, StringComparison.Ordinal);
        await console.ScreenshotAsync("20-wrong-token");

        // The right token after a wrong one works, and a reload keeps the session (session storage) …
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.Page.ReloadAsync();
        await console.WaitUntilAsync("() => window.parleyConsole.state.phase === 'signedIn'");
        // … until the operator signs out.
        await console.Page.ClickAsync("#signOut");
        Assert.Null(await console.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('parley.console.token')"));
        Assert.Empty(console.Errors());
    }

    [Fact]
    public async Task The_role_editor_shows_the_server_s_validation_message_at_the_field_it_names()
    {
        var console = await ConsolePage.OpenAsync(fixture, output);
        await console.SignInAsync(fixture.Server.AdminToken);
        await console.Page.SelectOptionAsync("#appSelect", fixture.Server.DefaultApp.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await console.GoAsync("roles");

        // The form checks each field's range itself, before sending anything …
        await console.Page.FillAsync("#roleName", "guest");
        await console.Page.FillAsync("#roleWidth", "10");
        await console.Page.ClickAsync("#saveRole");
        await console.WaitForAsync("#roleErrors [data-source='form']");
        Assert.Equal("true", await console.Page.GetAttributeAsync("#roleWidth", "aria-invalid"));

        // … and the server checks the rest (min ≤ max bitrate, R4.1): its message appears inline, the fields marked.
        await console.Page.FillAsync("#roleWidth", "640");
        await console.Page.FillAsync("#roleMinBitrate", "2000");
        await console.Page.FillAsync("#roleMaxBitrate", "1000");
        await console.Page.ClickAsync("#saveRole");
        var error = await console.WaitForAsync("#roleErrors [data-source='server']");
        var text = await error.InnerTextAsync();
        Assert.Contains("video.minBitrateKbps must not exceed video.maxBitrateKbps.", text, StringComparison.Ordinal);
        Assert.Contains("91004", text, StringComparison.Ordinal); // ValidationFailed
        Assert.Equal("true", await console.Page.GetAttributeAsync("#roleMinBitrate", "aria-invalid"));
        Assert.Equal("true", await console.Page.GetAttributeAsync("#roleMaxBitrate", "aria-invalid"));
        await console.ScreenshotAsync("30-role-validation-error");

        using var admin = fixture.Server.CreateAdminClient();
        var roles = await admin.GetFromJsonAsync<JsonElement>($"api/apps/{fixture.Server.DefaultApp.SdkAppId}/roles", Json);
        Assert.DoesNotContain(roles.EnumerateArray(), r => r.GetProperty("name").GetString() == "guest");
        Assert.Empty(console.Errors());
    }
}
