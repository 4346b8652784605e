using System.Net;
using System.Net.Http.Json;
using Parley.Browser.Tests.Web;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Rooms;

/// <summary>
/// The admin API's room actions seen by demo pages in Chromium through the browser SDK: an operator's mute reaches the
/// muted page (<c>trackAdminMuted</c>: its button locks, its own unmute is refused with 90030) and the others
/// (<c>trackMuted</c>); a removal and a dismissal (<c>roomExited</c>, vendor reasons 1 and 2) take pages back to the join form.
/// </summary>
public sealed class ChromiumRoomAdminTests(BrowserFixture fixture, ITestOutputHelper output) : DemoPageTests(fixture.NewPageAsync, output), IClassFixture<BrowserFixture>
{
    private long App => fixture.Server.DefaultApp.SdkAppId;

    [Fact]
    public async Task An_operator_s_mute_locks_the_page_s_camera_and_a_dismissal_takes_every_page_back_to_the_join_form()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        string aliceId = $"alice_{room}";
        var alice = await Pages.OpenAsync("alice", $"identifier={aliceId}&room={room}&autojoin=1");
        var bob = await Pages.OpenAsync("bob", $"identifier=bob_{room}&room={room}&autojoin=1");
        await DemoPages.WaitUntilAsync(bob, $"{DemoPages.DecodedFrames(aliceId)} > 5");
        using var admin = fixture.Server.CreateAdminClient();

        using (var muted = await admin.PostAsJsonAsync($"api/apps/{App}/rooms/{room}/members/{aliceId}/mute", new { source = "camera", muted = true }))
        {
            Assert.Equal(HttpStatusCode.NoContent, muted.StatusCode);
        }

        await DemoPages.WaitUntilAsync(alice, "() => document.getElementById('muteCam').disabled");
        await DemoPages.WaitUntilAsync(bob, $"() => document.querySelector(\".tile[data-identifier='{aliceId}']\")?.dataset.cameraMuted === 'true'");
        var refused = await alice.EvaluateAsync<int>("async () => { try { await window.parleyDemo.client.muteTrack('camera', false); return 0; } catch (e) { return e.code; } }");
        Assert.Equal(90030, refused);

        using (var dismissed = await admin.DeleteAsync(new Uri($"api/apps/{App}/rooms/{room}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
        }

        foreach (var page in new[] { alice, bob })
        {
            await DemoPages.WaitUntilAsync(page, "() => window.parleyDemo.state.phase === 'left' && window.parleyDemo.state.roomExit?.vendorReason === 2");
            Assert.False(await page.Locator("#join").IsHiddenAsync());
            Assert.Contains("dismissed", await page.Locator("#error").TextContentAsync() ?? "", StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator(".tile").CountAsync());
        }
    }

    [Fact]
    public async Task A_removed_page_says_so_and_returns_to_the_join_form_while_the_other_stays()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var stays = await Pages.OpenAsync("stays", $"identifier=stays_{room}&room={room}&publish=0&autojoin=1");
        var removed = await Pages.OpenAsync("removed", $"identifier=removed_{room}&room={room}&publish=0&autojoin=1");
        await DemoPages.WaitUntilAsync(removed, "() => window.parleyDemo.state.phase === 'joined'");
        await DemoPages.WaitUntilAsync(stays, $"() => window.parleyDemo.remoteIdentifiers().includes('removed_{room}')");
        using var admin = fixture.Server.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync($"api/apps/{App}/rooms/{room}/remove-users", new { identifiers = new[] { $"removed_{room}" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await DemoPages.WaitUntilAsync(removed, "() => window.parleyDemo.state.phase === 'left' && window.parleyDemo.state.roomExit?.vendorReason === 1");
        Assert.Contains("removed you", await removed.Locator("#error").TextContentAsync() ?? "", StringComparison.Ordinal);
        await DemoPages.WaitUntilAsync(stays, $"() => !window.parleyDemo.remoteIdentifiers().includes('removed_{room}')");
        Assert.Equal("joined", await stays.EvaluateAsync<string>("() => window.parleyDemo.state.phase"));
    }
}
