using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Parley.Browser.Tests.Web;

/// <summary>
/// The browser SDK's media side against the wire contract of docs/protocol.md §9-13, played by a scripted server in
/// the page (fake-media-server.js: a fake WebSocket whose "server" transports are loopback RTCPeerConnections).
/// Real WebRTC runs between the SDK and that fake, so these prove the SDK's offers, answers, track mapping, role
/// application and resume logic before Parley's SFU speaks the media methods.
/// </summary>
public sealed class ChromiumSdkMediaTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>Helpers every scenario script starts with.</summary>
    private const string Prelude = @"
        const { Parley } = await import('/sdk/parley.js');
        const server = window.fakeParley;
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        const waitFor = async (what, condition, ms = 15000) => {
            const end = Date.now() + ms;
            while (Date.now() < end) { if (await condition()) return; await sleep(100); }
            throw new Error('timed out waiting for ' + what);
        };
        const events = [];
        const record = (client, types) => types.forEach((type) => client.on(type, (d) => events.push({ type, ...JSON.parse(JSON.stringify({ ...d, track: undefined, stream: undefined })) })));
        const framesFrom = async (client, identifier) => (await client.getStats()).remote.find((r) => r.identifier === identifier && r.kind === 'video')?.framesDecoded ?? 0;
        const ufrag = (sdp) => /a=ice-ufrag:(\S+)/.exec(sdp)[1];
    ";

    [Fact]
    public async Task Publishing_receiving_room_events_and_a_role_change_follow_the_protocol()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok' });
            record(client, ['remoteTrack', 'remoteTrackEnded', 'trackMuted', 'activeSpeakers', 'networkQuality', 'roomMessage']);
            await client.joinRoom(1234, { role: 'default' });
            const producers = await client.publish({ camera: true, microphone: true });
            const publish = server.calls.find((c) => c.method === 'publish').params;

            await server.offerCamera('bob');
            await waitFor('bob\'s video to decode', async () => (await framesFrom(client, 'bob')) > 5);
            const remote = (await client.getStats()).remote.find((r) => r.identifier === 'bob');

            server.notify('trackMuted', { roomId: 1234, identifier: 'bob', producerId: 'p-bob-camera', muted: true });
            server.notify('activeSpeakers', { roomId: 1234, speakers: [{ identifier: 'bob', level: 80 }] });
            server.notify('networkQuality', { roomId: 1234, local: { identifier: 'alice', uplink: 1, downlink: 2 }, remote: [{ identifier: 'bob', uplink: 3, downlink: 1 }] });
            server.notify('roomMessage', { roomId: 1234, from: 'bob', cmdId: 1, seq: 1, data: 'hello' });
            await server.removeConsumer('c1');
            await waitFor('the track to end', () => events.some((e) => e.type === 'remoteTrackEnded'));

            await client.changeRole('anchor');
            const camera = client.publisher.entry('camera').transceiver.sender.getParameters().encodings[0];
            const microphone = client.publisher.entry('microphone').transceiver.sender.getParameters().encodings[0];
            const answers = server.calls.filter((c) => c.method === 'subscriberAnswer').map((c) => c.params.version);
            const mutedProducer = client.remoteProducerList.find((p) => p.producerId === 'p-bob-camera');
            client.close();
            return { publishTracks: publish.tracks, offerHasSendonly: publish.sdp.includes('a=sendonly'), producers, remote, events, answers,
                     camera, microphone, publishCount: server.calls.filter((c) => c.method === 'publish').length, mutedProducer };
        ");

        // §10.1: one publish with the complete offer, a mid and source per section.
        var tracks = result.GetProperty("publishTracks").EnumerateArray().ToList();
        Assert.Equal(["camera", "microphone"], tracks.Select(t => t.GetProperty("source").GetString()).Order());
        Assert.All(tracks, t => Assert.False(string.IsNullOrEmpty(t.GetProperty("mid").GetString())));
        Assert.True(result.GetProperty("offerHasSendonly").GetBoolean());
        Assert.Equal(2, result.GetProperty("producers").GetArrayLength());

        // §9.2: the consumer's mid ties the browser's track to bob's camera; it really decodes.
        var remote = result.GetProperty("remote");
        Assert.Equal("camera", remote.GetProperty("source").GetString());
        Assert.Equal("c1", remote.GetProperty("consumerId").GetString());
        Assert.True(remote.GetProperty("framesDecoded").GetInt32() > 5);
        Assert.Equal("VP8", remote.GetProperty("codec").GetString());
        Assert.Equal([1, 2], result.GetProperty("answers").EnumerateArray().Select(v => v.GetInt32()));

        var events = result.GetProperty("events").EnumerateArray().ToList();
        var track = Assert.Single(events, e => e.GetProperty("type").GetString() == "remoteTrack");
        Assert.Equal("bob", track.GetProperty("identifier").GetString());
        Assert.Equal("video", track.GetProperty("kind").GetString());
        Assert.Single(events, e => e.GetProperty("type").GetString() == "remoteTrackEnded");
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "trackMuted" && e.GetProperty("muted").GetBoolean());
        Assert.True(result.GetProperty("mutedProducer").GetProperty("muted").GetBoolean());
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "activeSpeakers");
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "networkQuality");
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "roomMessage" && e.GetProperty("data").GetString() == "hello");

        // R4.3: the new role's bounds on the live senders, without another publish.
        Assert.Equal(2_000_000, result.GetProperty("camera").GetProperty("maxBitrate").GetInt32());
        Assert.Equal(30, result.GetProperty("camera").GetProperty("maxFramerate").GetDouble());
        Assert.Equal(64_000, result.GetProperty("microphone").GetProperty("maxBitrate").GetInt32());
        Assert.Equal(1, result.GetProperty("publishCount").GetInt32());
    }

    [Fact]
    public async Task Unpublishing_keeps_the_send_transport_and_screen_sharing_publishes_the_sub_stream()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok' });
            await client.joinRoom(1234);
            await client.publish({ camera: true, microphone: true });
            const pc = client.publisher.pc;
            await client.unpublish('camera');
            const afterUnpublish = server.calls.filter((c) => c.method === 'publish').pop().params.tracks;
            await client.startScreenShare();
            const screen = server.calls.filter((c) => c.method === 'publish').pop().params.tracks;
            await client.publish({ camera: true });
            const last = server.calls.filter((c) => c.method === 'publish').pop().params;
            const sameConnection = client.publisher.pc === pc;
            const producers = client.producers.map((p) => p.source);
            client.close();
            return { unpublish: server.calls.find((c) => c.method === 'unpublish').params, afterUnpublish, screen, lastTracks: last.tracks, sameConnection, producers };
        ");

        Assert.Equal("p-alice-camera", result.GetProperty("unpublish").GetProperty("producerId").GetString());
        Assert.Equal(["microphone"], result.GetProperty("afterUnpublish").EnumerateArray().Select(t => t.GetProperty("source").GetString()));
        // The same RTCPeerConnection (so the same DTLS session) carries everything published later (§10.1).
        Assert.True(result.GetProperty("sameConnection").GetBoolean());
        // getDisplayMedia in Chromium with fake devices gives a screen track; it is published as the sub-stream.
        Assert.Contains("screen", result.GetProperty("screen").EnumerateArray().Select(t => t.GetProperty("source").GetString()));

        var last = result.GetProperty("lastTracks").EnumerateArray().Select(t => t.GetProperty("source").GetString()).ToList();
        Assert.Contains("camera", last);
        Assert.Contains("microphone", last);
        Assert.Contains("camera", result.GetProperty("producers").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_dropped_socket_is_resumed_and_both_transports_restart_ice()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok', reconnectInitialDelayMs: 50 });
            record(client, ['disconnected', 'reconnecting', 'reconnected']);
            await client.joinRoom(1234);
            await client.publish({ camera: true });
            await server.offerCamera('bob');
            await waitFor('bob\'s video', async () => (await framesFrom(client, 'bob')) > 5);
            const callsBefore = server.calls.length;

            server.drop();
            await waitFor('reconnected', () => events.some((e) => e.type === 'reconnected'));
            await waitFor('the recv transport to restart', () => server.calls.slice(callsBefore).some((c) => c.method === 'subscriberAnswer'));
            const framesAfterResume = await framesFrom(client, 'bob');
            await waitFor('bob\'s video to keep decoding', async () => (await framesFrom(client, 'bob')) > framesAfterResume + 10);

            const after = server.calls.slice(callsBefore);
            const publishes = server.calls.filter((c) => c.method === 'publish');
            const roomId = client.roomId;
            client.close();
            return { events, methods: after.map((c) => c.method).filter((m) => m !== 'ping'), resume: after.find((c) => c.method === 'resume').params,
                     firstUfrag: ufrag(publishes[0].params.sdp), restartUfrag: ufrag(publishes[publishes.length - 1].params.sdp),
                     restartIce: after.find((c) => c.method === 'restartIce')?.params, roomId };
        ");

        var methods = result.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        output.WriteLine(string.Join(", ", methods));
        Assert.Equal("resume", methods[0]); // §13: resume instead of login
        Assert.DoesNotContain("login", methods);
        Assert.DoesNotContain("joinRoom", methods);
        Assert.Equal("session-1", result.GetProperty("resume").GetProperty("sessionId").GetString());
        Assert.Equal("token-1", result.GetProperty("resume").GetProperty("resumeToken").GetString());
        Assert.Contains("publish", methods);
        Assert.NotEqual(result.GetProperty("firstUfrag").GetString(), result.GetProperty("restartUfrag").GetString());
        Assert.Equal("recv", result.GetProperty("restartIce").GetProperty("transport").GetString());
        Assert.Equal(1234, result.GetProperty("roomId").GetInt32());

        var events = result.GetProperty("events").EnumerateArray().ToList();
        Assert.True(events[0].GetProperty("willReconnect").GetBoolean());
        Assert.Equal("reconnecting", events[1].GetProperty("type").GetString());
        Assert.True(events.Single(e => e.GetProperty("type").GetString() == "reconnected").GetProperty("resumed").GetBoolean());
    }

    [Fact]
    public async Task When_resume_is_refused_the_sdk_logs_in_rejoins_with_the_same_role_and_publishes_again()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok', reconnectInitialDelayMs: 50 });
            record(client, ['reconnected']);
            await client.joinRoom(1234, { role: 'anchor' });
            await client.publish({ camera: true, microphone: true });
            await client.muteTrack('microphone');
            const callsBefore = server.calls.length;
            server.refuseResume = true;
            server.drop();
            await waitFor('reconnected', () => events.some((e) => e.type === 'reconnected'));
            await waitFor('the mute to be restored', () => server.calls.slice(callsBefore).some((c) => c.method === 'muteTrack'));
            const after = server.calls.slice(callsBefore).filter((c) => c.method !== 'ping');
            const roleName = client.role.name;
            client.close();
            return { events, methods: after.map((c) => c.method), join: after.find((c) => c.method === 'joinRoom').params,
                     republished: after.find((c) => c.method === 'publish').params.tracks, roleName };
        ");

        var methods = result.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        output.WriteLine(string.Join(", ", methods));
        Assert.Equal(["resume", "login", "syncMessages", "joinRoom", "publish", "muteTrack"], methods); // a fresh login catches up on messages (protocol.md §14)
        Assert.Equal(1234, result.GetProperty("join").GetProperty("roomId").GetInt32());
        Assert.Equal("anchor", result.GetProperty("join").GetProperty("role").GetString());
        Assert.Equal("anchor", result.GetProperty("roleName").GetString());
        var republished = result.GetProperty("republished").EnumerateArray().ToList();
        Assert.Equal(["camera", "microphone"], republished.Select(t => t.GetProperty("source").GetString()).Order());
        Assert.False(result.GetProperty("events")[0].GetProperty("resumed").GetBoolean());
    }

    [Fact]
    public async Task A_rejoin_refused_with_RoomEnterFailed_is_tried_again_and_the_stay_goes_on()
    {
        // During a failover the room may briefly be unreachable (-3301): the re-join is tried again (as in the C# SDK).
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok', reconnectInitialDelayMs: 50 });
            record(client, ['reconnected', 'roomExited', 'error']);
            await client.joinRoom(1234, { role: 'anchor' });
            const callsBefore = server.calls.length;
            server.refuseResume = true;
            server.joinRefusalCodes = [-3301, -3301];
            server.drop();
            await waitFor('reconnected', () => events.some((e) => e.type === 'reconnected'));
            const after = server.calls.slice(callsBefore).filter((c) => c.method !== 'ping');
            const roomId = client.roomId;
            client.close();
            return { events, methods: after.map((c) => c.method), roomId };
        ");

        var methods = result.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["resume", "login", "syncMessages", "joinRoom", "joinRoom", "joinRoom"], methods);
        Assert.Equal(["reconnected"], result.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(1234, result.GetProperty("roomId").GetInt32());
    }

    [Fact]
    public async Task A_republish_refused_after_a_media_reset_is_retried_with_backoff_until_it_succeeds()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok' });
            record(client, ['mediaReset', 'mediaRepublished']);
            const codes = [];
            client.on('mediaReset', (d) => codes.push(d.error?.code ?? null));
            await client.joinRoom(1234);
            await client.publish({ camera: true, microphone: true });
            await client.muteTrack('microphone');
            const callsBefore = server.calls.length;
            server.refusePublishes = 2; // the first attempt and the first retry
            server.mediaReset('mediaNodeLost');
            await waitFor('mediaRepublished', () => events.some((e) => e.type === 'mediaRepublished'), 30000);
            await waitFor('the mute to be restored', () => server.calls.slice(callsBefore).some((c) => c.method === 'muteTrack'));
            await waitFor('the send connection', () => client.publisher.pc?.connectionState === 'connected');
            const publishes = server.calls.slice(callsBefore).filter((c) => c.method === 'publish');
            const gaps = publishes.slice(1).map((c, i) => c.at - publishes[i].at);
            const sources = publishes[publishes.length - 1].params.tracks.map((t) => t.source).sort();
            client.close();
            return { events, codes, gaps, sources, publishCount: publishes.length };
        ");

        var events = result.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["mediaReset", "mediaRepublished"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.True(events[0].GetProperty("willRetry").GetBoolean());
        Assert.Equal(90028, result.GetProperty("codes")[0].GetInt32());
        Assert.Equal(3, events[1].GetProperty("attempts").GetInt32());
        Assert.Equal("mediaNodeLost", events[1].GetProperty("reason").GetString());
        Assert.Equal(2, events[1].GetProperty("producers").GetArrayLength());
        Assert.Equal(3, result.GetProperty("publishCount").GetInt32());
        Assert.Equal(["camera", "microphone"], result.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        // 1 s, then 2 s (lower bounds only).
        var gaps = result.GetProperty("gaps").EnumerateArray().Select(g => g.GetDouble()).ToList();
        Assert.True(gaps[0] >= 900, $"first retry after {gaps[0]} ms");
        Assert.True(gaps[1] >= 1800, $"second retry after {gaps[1]} ms");
    }

    [Fact]
    public async Task Unpublishing_a_source_waiting_for_its_republish_stops_the_retries()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok' });
            record(client, ['mediaReset', 'mediaRepublished']);
            await client.joinRoom(1234);
            await client.publish({ camera: true });
            server.refusePublishes = 1000;
            server.mediaReset('mediaNodeLeaving');
            await waitFor('mediaReset', () => events.some((e) => e.type === 'mediaReset'));
            const waitingBefore = client.publisher.waiting.size;
            await client.unpublish('camera');
            const publishes = server.calls.filter((c) => c.method === 'publish').length;
            await sleep(4000); // longer than the first two retries' delays (1 s + 2 s)
            const later = server.calls.filter((c) => c.method === 'publish').length;
            const unpublishCalls = server.calls.filter((c) => c.method === 'unpublish').length;
            const track = client.localTrack('camera');
            client.close();
            return { events, waitingBefore, publishes, later, unpublishCalls, hasTrack: track !== null };
        ");

        Assert.Equal(1, result.GetProperty("waitingBefore").GetInt32());
        Assert.Equal(result.GetProperty("publishes").GetInt32(), result.GetProperty("later").GetInt32());
        Assert.Equal(0, result.GetProperty("unpublishCalls").GetInt32());
        Assert.False(result.GetProperty("hasTrack").GetBoolean());
        Assert.Equal(["mediaReset"], result.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.True(result.GetProperty("events")[0].GetProperty("willRetry").GetBoolean());
    }

    [Fact]
    public async Task A_failed_republish_after_a_fresh_login_keeps_the_rejoined_room_and_retries_until_it_succeeds()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok', reconnectInitialDelayMs: 50 });
            record(client, ['reconnected', 'mediaRepublishFailed', 'mediaRepublished', 'roomExited']);
            const codes = [];
            client.on('mediaRepublishFailed', (d) => codes.push(d.error?.code ?? null));
            await client.joinRoom(1234, { role: 'anchor' });
            await client.publish({ camera: true, microphone: true });
            const callsBefore = server.calls.length;
            server.refuseResume = true; // a fresh login: re-join, then publish again
            server.publishRefusalCodes = [90028, 90028]; // the cluster still places the room's media
            server.drop();
            await waitFor('mediaRepublished', () => events.some((e) => e.type === 'mediaRepublished'), 30000);
            await waitFor('the send connection', () => client.publisher.pc?.connectionState === 'connected');
            const after = server.calls.slice(callsBefore).filter((c) => c.method !== 'ping');
            const roomId = client.roomId;
            const producers = client.producers.map((p) => p.source).sort();
            client.close();
            return { events, codes, methods: after.map((c) => c.method), roomId, producers };
        ");

        var methods = result.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        output.WriteLine(string.Join(", ", methods));
        Assert.Equal(["resume", "login", "syncMessages", "joinRoom", "publish", "publish", "publish"], methods);
        var events = result.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["mediaRepublishFailed", "reconnected", "mediaRepublishFailed", "mediaRepublished"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.True(events[0].GetProperty("willRetry").GetBoolean());
        Assert.Equal(1, events[0].GetProperty("attempts").GetInt32());
        Assert.Equal("rejoined", events[0].GetProperty("reason").GetString());
        Assert.Equal(1234, events[1].GetProperty("roomId").GetInt32()); // the stay survived the failed publish
        Assert.True(events[2].GetProperty("willRetry").GetBoolean());
        Assert.Equal(2, events[2].GetProperty("attempts").GetInt32());
        Assert.Equal([90028, 90028], result.GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(3, events[3].GetProperty("attempts").GetInt32());
        Assert.Equal("rejoined", events[3].GetProperty("reason").GetString());
        Assert.Equal(2, events[3].GetProperty("producers").GetArrayLength());
        Assert.Equal(1234, result.GetProperty("roomId").GetInt32());
        Assert.Equal(["camera", "microphone"], result.GetProperty("producers").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_republish_refused_for_a_reason_retrying_cannot_cure_stops_the_retries_and_leaves_the_app_s_track_running()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok' });
            record(client, ['mediaReset', 'mediaRepublishFailed', 'mediaRepublished', 'localTrackEnded']);
            const codes = [];
            client.on('mediaRepublishFailed', (d) => codes.push(d.error?.code ?? null));
            await client.joinRoom(1234);
            const appTrack = server.canvasTrack();
            await client.publish({ tracks: [{ track: appTrack, source: 'camera' }] });
            server.publishRefusalCodes = [90028, 90023]; // not ready yet, then the key no longer allows sending video
            server.mediaReset('mediaNodeLost');
            await waitFor('mediaRepublishFailed', () => events.some((e) => e.type === 'mediaRepublishFailed'), 30000);
            const publishes = server.calls.filter((c) => c.method === 'publish').length;
            await sleep(5000); // longer than the next retry's delay would be (2 s)
            const later = server.calls.filter((c) => c.method === 'publish').length;
            const waiting = client.publisher.waiting.size;
            const trackState = appTrack.readyState;
            const roomId = client.roomId;
            client.close();
            return { events, codes, publishes, later, waiting, trackState, roomId };
        ");

        var events = result.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["mediaReset", "localTrackEnded", "mediaRepublishFailed"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.True(events[0].GetProperty("willRetry").GetBoolean());
        Assert.Equal("camera", events[1].GetProperty("source").GetString());
        Assert.False(events[2].GetProperty("willRetry").GetBoolean());
        Assert.Equal(2, events[2].GetProperty("attempts").GetInt32());
        Assert.Equal([90023], result.GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(result.GetProperty("publishes").GetInt32(), result.GetProperty("later").GetInt32());
        Assert.Equal(0, result.GetProperty("waiting").GetInt32());
        Assert.Equal("live", result.GetProperty("trackState").GetString()); // the app's track is the app's to stop
        Assert.Equal(1234, result.GetProperty("roomId").GetInt32());
    }

    [Fact]
    public async Task Learned_servers_a_later_answer_no_longer_names_are_dropped_keeping_the_server_in_use()
    {
        var result = await RunAsync(@"
            const a = 'ws://node-a.test/ws', dead = 'ws://node-dead.test/ws', b = 'ws://node-b.test/ws', c = 'ws://node-c.test/ws';
            server.servers = [dead, b];
            server.deadUrls = [dead];
            const client = await Parley.connect({ url: a, sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok', reconnectInitialDelayMs: 50 });
            record(client, ['reconnected', 'failedOver']);
            const first = [...client.servers];
            // Node A goes away (1001): the client moves past the dead node to b, which then names only itself and c.
            server.servers = [b, c];
            server.socket.serverClose(1001, 'going away');
            await waitFor('reconnected', () => events.some((e) => e.type === 'reconnected'));
            const second = { servers: [...client.servers], index: client.serverIndex, url: client.serverUrl };
            // An answer that does not name the URL in use keeps it; one without servers changes nothing.
            server.servers = [c];
            server.drop();
            await waitFor('the second reconnect', () => events.filter((e) => e.type === 'reconnected').length === 2);
            const third = { servers: [...client.servers], url: client.serverUrl };
            server.servers = undefined;
            server.drop();
            await waitFor('the third reconnect', () => events.filter((e) => e.type === 'reconnected').length === 3);
            const fourth = [...client.servers];
            client.close();
            return { first, second, third, fourth };
        ");

        Assert.Equal(["ws://node-a.test/ws", "ws://node-dead.test/ws", "ws://node-b.test/ws"], result.GetProperty("first").EnumerateArray().Select(u => u.GetString()));
        var second = result.GetProperty("second");
        Assert.Equal(["ws://node-a.test/ws", "ws://node-b.test/ws", "ws://node-c.test/ws"], second.GetProperty("servers").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(1, second.GetProperty("index").GetInt32()); // was 2 before the dead node was dropped
        Assert.Equal("ws://node-b.test/ws", second.GetProperty("url").GetString());
        var third = result.GetProperty("third");
        Assert.Equal(["ws://node-a.test/ws", "ws://node-b.test/ws", "ws://node-c.test/ws"], third.GetProperty("servers").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("ws://node-b.test/ws", third.GetProperty("url").GetString());
        Assert.Equal(["ws://node-a.test/ws", "ws://node-b.test/ws", "ws://node-c.test/ws"], result.GetProperty("fourth").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public async Task The_operator_s_lock_is_read_from_the_publish_answer_s_admin_muted_and_inferred_only_when_it_is_absent()
    {
        var result = await RunAsync(@"
            const client = await Parley.connect({ sdkAppId: 1400000001, identifier: 'alice', userSig: 'ok' });
            record(client, ['trackAdminMuted']);
            await client.joinRoom(1234);
            await client.publish({ microphone: true });
            await client.muteTrack('microphone'); // muted by the member: a lock cannot be guessed from 'muted' any more
            server.adminMutedSources = ['microphone', 'camera'];
            await client.publish({ camera: true }); // one answer lists both producers
            const locked = { mic: client.publisher.entry('microphone').adminMuted, cam: client.publisher.entry('camera').adminMuted,
                             camEnabled: client.publisher.entry('camera').track.enabled };
            const refused = await client.unmuteTrack('microphone').then(() => 0, (e) => e.code);
            // The operator released both; the answer says so (no trackAdminMuted needed to learn it).
            server.adminMutedSources = [];
            await client.unpublish('camera');
            const released = client.publisher.entry('microphone').adminMuted === true;
            // A server that answers muted without saying adminMuted still reads as locked, but one that says false does not.
            server.answerMuted = true;
            await client.publish({ camera: true });
            const saidFalse = client.publisher.entry('camera').adminMuted === true;
            await client.unpublish('camera');
            server.sendAdminMuted = false;
            await client.publish({ camera: true });
            const inferred = client.publisher.entry('camera').adminMuted;
            client.close();
            return { events, locked, refused, released, saidFalse, inferred };
        ");

        var locked = result.GetProperty("locked");
        Assert.True(locked.GetProperty("mic").GetBoolean()); // inference alone would have missed it (muted by the member)
        Assert.True(locked.GetProperty("cam").GetBoolean());
        Assert.False(locked.GetProperty("camEnabled").GetBoolean());
        Assert.Equal(90030, result.GetProperty("refused").GetInt32());
        Assert.False(result.GetProperty("released").GetBoolean());
        Assert.False(result.GetProperty("saidFalse").GetBoolean());
        Assert.True(result.GetProperty("inferred").GetBoolean());
        var events = result.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["p-alice-microphone", "p-alice-camera", "p-alice-camera"], events.Select(e => e.GetProperty("producerId").GetString()));
    }

    [Fact]
    public async Task The_demo_tile_shows_video_mute_state_speaking_quality_and_stats_of_a_participant()
    {
        var page = await NewFakePageAsync();
        await page.GotoAsync("/demo?identifier=alice&room=1234&autojoin=1");
        await page.WaitForFunctionAsync("() => window.parleyDemo.state.phase === 'joined' && window.fakeParley.calls.some((c) => c.method === 'publish')", null, new() { Timeout = 15000 });
        await page.EvaluateAsync("() => window.fakeParley.offerCamera('bob')");

        // The remote <video> carries the identifier and decodes bob's frames.
        var video = "video[data-identifier='bob'][data-source='camera']";
        await page.WaitForFunctionAsync($"() => {{ const v = document.querySelector(\"{video}\"); return v && v.srcObject && v.videoWidth > 0; }}", null, new() { Timeout = 15000 });

        await page.EvaluateAsync(@"() => {
            const s = window.fakeParley;
            s.notify('trackMuted', { roomId: 1234, identifier: 'bob', producerId: 'p-bob-camera', muted: true });
            s.notify('activeSpeakers', { roomId: 1234, speakers: [{ identifier: 'bob', level: 70 }] });
            s.notify('networkQuality', { roomId: 1234, local: { identifier: 'alice', uplink: 1, downlink: 1 }, remote: [{ identifier: 'bob', uplink: 2, downlink: 3 }] });
        }");
        var tile = page.Locator(".tile[data-identifier='bob']");
        await Assertions.Expect(tile).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("speaking"), new() { Timeout = 3000 });
        await Assertions.Expect(tile.Locator(".cam")).ToBeVisibleAsync(new() { Timeout = 3000 });
        Assert.Equal(3, await tile.Locator(".quality i.on").CountAsync()); // worst of 2 and 3 = poor: 3 bars of 5
        // The overlay comes from getStats once a second: resolution, fps, bitrate, loss, RTT, codec.
        // A sample taken before the first decoded frame has no resolution yet: wait for one that has.
        await Assertions.Expect(tile.Locator(".stats")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"camera: \d+×\d+.*VP8"), new() { Timeout = 10000 });
        var stats = await tile.Locator(".stats").TextContentAsync();
        output.WriteLine(stats);
        Assert.Matches(@"camera: \d+×\d+", stats);
        Assert.Contains("RTT", stats, StringComparison.Ordinal);
        Assert.Contains("loss", stats, StringComparison.Ordinal);
    }

    private async Task<IPage> NewFakePageAsync()
    {
        var page = await fixture.NewPageAsync();
        // A page can outlive its test (its context closes with the fixture): a late line must not throw into Playwright.
        page.Console += (_, message) => WriteQuietly($"[console.{message.Type}] {message.Text}");
        page.PageError += (_, error) => WriteQuietly($"[pageerror] {error}");
        await page.AddInitScriptAsync(scriptPath: Path.Combine(AppContext.BaseDirectory, "Web", "fake-media-server.js"));
        return page;
    }

    private async Task<JsonElement> RunAsync(string scenario)
    {
        var page = await NewFakePageAsync();
        await page.GotoAsync("/");
        var json = await page.EvaluateAsync<string>($"async () => {{ {Prelude} const result = await (async () => {{ {scenario} }})(); return JSON.stringify(result); }}");
        output.WriteLine(json.Length > 4000 ? json[..4000] : json);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private void WriteQuietly(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended.
        }
    }
}
