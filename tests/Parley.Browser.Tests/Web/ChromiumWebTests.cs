using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// The landing page, the demo and the browser SDK in Chromium with fake devices, over real signaling. These need no
/// media server: membership, events and errors travel on the WebSocket; media publishing is checked against a
/// loopback RTCPeerConnection in the page.
/// </summary>
public sealed class ChromiumWebTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_landing_page_links_open_the_demo_the_echo_test_and_a_rendered_doc()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.ClickAsync("#link-demo");
        await page.WaitForURLAsync("**/demo", new() { Timeout = 10000 });
        Assert.Contains("room demo", await page.TitleAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/");
        await page.ClickAsync("#link-echo");
        await page.WaitForURLAsync("**/echo", new() { Timeout = 10000 });
        Assert.Contains("echo", await page.TitleAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/");
        await page.ClickAsync("#link-docs");
        await page.WaitForURLAsync("**/docs", new() { Timeout = 10000 });
        await page.ClickAsync("a[href='/docs/protocol']");
        // docs.js renders the Markdown: the first heading becomes an <h1>, tables become <table>.
        var heading = await page.WaitForSelectorAsync("#doc h1", new() { Timeout = 10000 });
        Assert.Equal("Parley signaling protocol", await heading!.TextContentAsync());
        Assert.True(await page.Locator("#doc table").CountAsync() > 5);
    }

    [Fact]
    public async Task The_demo_loads_without_console_errors()
    {
        var page = await NewPageAsync();
        var errors = CollectErrors(page);
        await page.GotoAsync("/demo", new() { WaitUntil = WaitUntilState.NetworkIdle });

        // Dev mode: the page found /dev/usersig and hides the credential fields.
        await WaitUntilAsync(page, "() => window.parleyDemo.state.devMode === true");
        Assert.True(await page.Locator("#credentials").IsHiddenAsync());
        await WaitUntilAsync(page, "() => document.querySelectorAll('#camera option').length > 0");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_sdk_module_imports_and_its_declarations_are_served()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var json = await page.EvaluateAsync<string>(@"async () => {
            const m = await import('/sdk/parley.js');
            const types = await fetch('/sdk/parley.d.ts');
            return JSON.stringify({
                connect: typeof m.Parley.connect, defaultIsParley: m.default === m.Parley,
                notInRoom: m.ErrorCodes.NotInRoom, errorName: new m.ParleyError(1, 'x').name,
                typesStatus: types.status, typesType: types.headers.get('content-type'),
                typesText: (await types.text()).includes('connect(options: ConnectOptions): Promise<ParleyClient>') });
        }");
        var result = JsonDocument.Parse(json).RootElement;
        Assert.Equal("function", result.GetProperty("connect").GetString());
        Assert.True(result.GetProperty("defaultIsParley").GetBoolean());
        Assert.Equal(90003, result.GetProperty("notInRoom").GetInt32());
        Assert.Equal("ParleyError", result.GetProperty("errorName").GetString());
        Assert.Equal(200, result.GetProperty("typesStatus").GetInt32());
        Assert.StartsWith("application/typescript", result.GetProperty("typesType").GetString(), StringComparison.Ordinal);
        Assert.True(result.GetProperty("typesText").GetBoolean());
    }

    [Fact]
    public async Task Two_demo_pages_in_one_room_each_show_the_other_and_leaving_removes_the_tile()
    {
        int room = Random.Shared.Next(100_000, 9_000_000);
        var alice = await NewPageAsync();
        var bob = await NewPageAsync();
        await alice.GotoAsync($"/demo?identifier=alice_{room}&room={room}&autojoin=1");
        await WaitUntilAsync(alice, "() => window.parleyDemo.state.phase === 'joined'");
        await bob.GotoAsync($"/demo?identifier=bob_{room}&room={room}&autojoin=1");
        await WaitUntilAsync(bob, "() => window.parleyDemo.state.phase === 'joined'");

        // Bob saw Alice in joinRoom's members; Alice saw Bob through memberEntered. Each remote tile has a video
        // element carrying the participant's identifier, for tests that wait for its frames.
        await alice.WaitForSelectorAsync($".tile:not(.local) video[data-identifier='bob_{room}'][data-source='camera']", new() { State = WaitForSelectorState.Attached, Timeout = 10000 });
        await bob.WaitForSelectorAsync($".tile:not(.local) video[data-identifier='alice_{room}'][data-source='camera']", new() { State = WaitForSelectorState.Attached, Timeout = 10000 });
        Assert.Equal([$"bob_{room}"], await alice.EvaluateAsync<string[]>("() => window.parleyDemo.remoteIdentifiers()"));
        Assert.Equal([$"alice_{room}"], await bob.EvaluateAsync<string[]>("() => window.parleyDemo.remoteIdentifiers()"));
        Assert.Equal(2, await bob.EvaluateAsync<int>("() => window.parleyDemo.client.members.length"));

        await alice.ClickAsync("#leave");
        await bob.WaitForSelectorAsync($".tile[data-identifier='alice_{room}']", new() { State = WaitForSelectorState.Detached, Timeout = 10000 });
        Assert.Empty(await bob.EvaluateAsync<string[]>("() => window.parleyDemo.remoteIdentifiers()"));
        await WaitUntilAsync(alice, "() => window.parleyDemo.state.phase === 'left'"); // after exitRoom and logout
    }

    [Fact]
    public async Task Connect_with_a_bad_userSig_rejects_with_a_ParleyError_carrying_the_server_code()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var json = await page.EvaluateAsync<string>(@"async (sdkAppId) => {
            const { Parley, ParleyError } = await import('/sdk/parley.js');
            try {
                await Parley.connect({ sdkAppId, identifier: 'carol', userSig: 'not-a-usersig' });
                return JSON.stringify({ connected: true });
            } catch (e) {
                return JSON.stringify({ isParleyError: e instanceof ParleyError, code: e.code, codeName: e.codeName, message: e.message });
            }
        }", fixture.Server.DefaultApp.SdkAppId);
        output.WriteLine(json);
        var result = JsonDocument.Parse(json).RootElement;
        Assert.True(result.GetProperty("isParleyError").GetBoolean());
        Assert.Equal(70003, result.GetProperty("code").GetInt32()); // UserSigMalformed, docs/errors.md
        Assert.Equal("UserSigMalformed", result.GetProperty("codeName").GetString());
    }

    [Fact]
    public async Task The_demo_shows_the_server_code_when_the_userSig_is_refused()
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"/demo?identifier=dave&room=5&autojoin=1&sdkAppId={fixture.Server.DefaultApp.SdkAppId}&userSig={fixture.Server.UserSig("someone_else")}");
        await WaitUntilAsync(page, "() => window.parleyDemo.state.phase === 'failed'");
        Assert.Equal(70013, await page.EvaluateAsync<int>("() => window.parleyDemo.state.errorCode")); // UserSigIdentifierMismatch
        Assert.Contains("70013", await page.TextContentAsync("#error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_caps_the_camera_sender_and_changing_role_applies_new_bounds_live()
    {
        // R4.1, R4.3: the send transport against a loopback answerer in the page (no media server needed).
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var json = await page.EvaluateAsync<string>(@"async () => {
            const { Publisher } = await import('/sdk/publisher.js');
            const roles = await import('/sdk/roles.js');
            const answerer = new RTCPeerConnection();
            const calls = [];
            const publisher = new Publisher({ rtcConfiguration: {}, onProducers: () => {}, onConnectionState: () => {},
                request: async (method, params) => {
                    calls.push({ method, tracks: params.tracks });
                    await answerer.setRemoteDescription({ type: 'offer', sdp: params.sdp });
                    const answer = await answerer.createAnswer();
                    await answerer.setLocalDescription(answer);
                    return { sdp: answer.sdp, producers: params.tracks.map((t) => ({ producerId: 'p-' + t.mid, identifier: 'me', kind: 'video', source: t.source, muted: false })) };
                } });
            const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
            const track = stream.getVideoTracks()[0];
            const small = roles.DefaultRole; // 640x360, 15 fps, 900 kbps
            await publisher.publish([{ source: 'camera', track, owned: true }], small);
            const before = publisher.entry('camera').transceiver.sender.getParameters().encodings[0];
            const big = { name: 'anchor', platform: 'web', video: { width: 1280, height: 720, fps: 30, minBitrateKbps: 600, maxBitrateKbps: 2000 }, audio: { sampleRate: 48000, channels: 2, bitrateKbps: 64 } };
            await publisher.applyRole(big, { camera: roles.cameraConstraints(big) });
            const after = publisher.entry('camera').transceiver.sender.getParameters().encodings[0];
            const result = { calls, before, after, producer: publisher.producers[0], settings: track.getSettings() };
            publisher.close();
            answerer.close();
            return JSON.stringify(result);
        }");
        output.WriteLine(json);
        var result = JsonDocument.Parse(json).RootElement;
        var call = result.GetProperty("calls")[0];
        Assert.Equal("publish", call.GetProperty("method").GetString());
        Assert.Equal("camera", call.GetProperty("tracks")[0].GetProperty("source").GetString());
        Assert.Equal("camera", result.GetProperty("producer").GetProperty("source").GetString());

        var before = result.GetProperty("before");
        Assert.Equal(900_000, before.GetProperty("maxBitrate").GetInt32());
        Assert.Equal(15, before.GetProperty("maxFramerate").GetDouble());
        // The fake camera captures larger than the role's 640x360 (1280x720, or 640x480 when Chromium is starved of CPU
        // and has not applied the constraints yet), so the sender scales down: by 2 or by 4/3.
        Assert.True(before.GetProperty("scaleResolutionDownBy").GetDouble() > 1.3, "the role's 640x360 scales the capture down");

        var after = result.GetProperty("after");
        Assert.Equal(2_000_000, after.GetProperty("maxBitrate").GetInt32());
        Assert.Equal(30, after.GetProperty("maxFramerate").GetDouble());
        Assert.Equal(1, after.GetProperty("scaleResolutionDownBy").GetDouble());
        Assert.Single(result.GetProperty("calls").EnumerateArray()); // applied without renegotiation
    }

    [Fact]
    public async Task A_simulcast_camera_offers_rids_q_h_f_smallest_first_and_a_refused_publish_leaves_nothing_behind()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var json = await page.EvaluateAsync<string>(@"async () => {
            const { Publisher } = await import('/sdk/publisher.js');
            const { DefaultRole } = await import('/sdk/roles.js');
            const { ParleyError } = await import('/sdk/errors.js');
            let offer = null;
            const publisher = new Publisher({ rtcConfiguration: {}, onProducers: () => {}, onConnectionState: () => {},
                request: async (method, params) => { offer = params.sdp; throw new ParleyError(90023, 'no privilege'); } });
            const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
            let code = null;
            try { await publisher.publish([{ source: 'camera', track: stream.getVideoTracks()[0], simulcast: true }], DefaultRole); }
            catch (e) { code = e.code; }
            return JSON.stringify({ offer, code, connectionClosed: publisher.pc === null, entries: publisher.entries.size });
        }");
        var result = JsonDocument.Parse(json).RootElement;
        var offer = result.GetProperty("offer").GetString()!;
        output.WriteLine(offer);
        int q = offer.IndexOf("a=rid:q send", StringComparison.Ordinal);
        int h = offer.IndexOf("a=rid:h send", StringComparison.Ordinal);
        int f = offer.IndexOf("a=rid:f send", StringComparison.Ordinal);
        Assert.True(q >= 0 && q < h && h < f, "rids q, h, f in this order");
        Assert.Contains("a=simulcast:send q;h;f", offer, StringComparison.Ordinal);
        Assert.Contains("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", offer, StringComparison.Ordinal);
        Assert.Equal(90023, result.GetProperty("code").GetInt32());
        Assert.True(result.GetProperty("connectionClosed").GetBoolean());
        Assert.Equal(0, result.GetProperty("entries").GetInt32());
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await fixture.NewPageAsync();
        PageLog.Attach(page, output);
        return page;
    }

    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return errors;
    }

    private static async Task WaitUntilAsync(IPage page, string condition)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, null, new() { Timeout = (float)Patience.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => JSON.stringify(window.parleyDemo?.state ?? null)");
            throw new TimeoutException($"{condition} did not become true within {Patience}; demo state: {state}");
        }
    }
}
