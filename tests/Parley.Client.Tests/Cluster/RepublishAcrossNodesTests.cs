using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Signaling.MediaHooks;
using Parley.Testing;

namespace Parley.Client.Tests.Cluster;

/// <summary>
/// The room's media node leaves and the new one cannot take the room's publishes at once (docs/protocol.md §10.9: 90028
/// MediaNodeUnavailable, "try again"): the SDK keeps its tracks, retries on a timer, and media flows again once it works.
/// </summary>
/// <remarks>
/// The reset is real (a node of a two-node cluster shuts down with the room's media); the refusals are not: the cluster
/// cannot be made to refuse a given number of publishes on cue, so each node's media hook is wrapped, in this test only,
/// by <see cref="RefusingMediaHandler"/>, which answers the publisher's next publishes 90028 as the server does when the
/// media node does not answer, and passes everything else to the real glue.
/// </remarks>
public sealed class RepublishAcrossNodesTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-republish-nodes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_republish_refused_after_the_media_node_left_is_retried_until_media_flows_again()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("republish_nodes");
        var settings = ClusterNode.Settings(database, "postgres", "republish-nodes");
        int[] mediaPorts = [FreePorts.Next(), FreePorts.Next()];
        string clip = Path.Combine(_directory, "clip.ivf");
        File.WriteAllBytes(clip, MediaFileFactory.Ivf([3000, 700, 1500, 700, 2500, 700]).ToArray());
        long room = Random.Shared.Next(100_000, 9_000_000);
        var refusals = new PublishRefusals("pub_" + room);
        var nodes = new List<ParleyTestServer>();
        try
        {
            foreach (int port in mediaPorts)
            {
                nodes.Add(await StartNodeAsync(settings, port, refusals));
            }

            await using var publisher = TestClients.Create(nodes[0].WebSocketUri, o => o.FallbackServerUris.Add(nodes[1].WebSocketUri));
            await publisher.LoginAsync(nodes[0].DefaultApp.SdkAppId, "pub_" + room, nodes[0].UserSig("pub_" + room));
            await publisher.JoinRoomAsync(room);
            await using var subscriber = TestClients.Create(nodes[1].WebSocketUri, o => o.FallbackServerUris.Add(nodes[0].WebSocketUri));
            var frames = new FrameCounter();
            subscriber.RemoteTrackAdded += (_, e) => e.Track.FrameReceived += (_, _) => frames.Add();
            await subscriber.LoginAsync(nodes[1].DefaultApp.SdkAppId, "sub_" + room, nodes[1].UserSig("sub_" + room));
            await subscriber.JoinRoomAsync(room);
            await publisher.PublishAsync(new IvfFileTrack(clip, MediaSource.Camera, loop: true));
            await frames.WaitForAsync(10, TimeSpan.FromSeconds(20));
            int mediaPort = (await publisher.GetMediaStatsAsync()).SendServerEndPoint!.Port;
            int mediaNode = Array.IndexOf(mediaPorts, mediaPort);
            Assert.InRange(mediaNode, 0, 1);
            output.WriteLine($"the room's media is on node {mediaNode} (0: the publisher's, 1: the subscriber's)");
            publisher.MediaError += (_, message) => output.WriteLine("publisher media error: " + message);

            var resets = new EventRecorder<MediaResetEventArgs>();
            var republished = new EventRecorder<MediaRepublishedEventArgs>();
            publisher.MediaReset += resets.Handler;
            publisher.MediaRepublished += republished.Handler;
            refusals.Arm(2);
            await nodes[mediaNode].DisposeAsync();

            // The reset (mediaReset, or a re-join when the publisher's own node left) could not publish again...
            var reset = await resets.NextAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"publisher: {reset.Reason}, error: {reset.RepublishError}, will retry: {reset.WillRetry}");
            Assert.NotNull(reset.RepublishError);
            Assert.True(reset.WillRetry);

            // ... and a retry on the timer did, after the armed refusals.
            var done = await republished.NextAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"published again after {done.Attempts} attempts");
            Assert.Equal(room, done.RoomId);
            Assert.Equal(reset.Reason, done.Reason);
            Assert.True(done.Attempts >= 2);
            Assert.Single(done.Producers);
            Assert.Equal(2, refusals.Refused);

            frames.Reset();
            await frames.WaitForAsync(10, TimeSpan.FromSeconds(20));
            var sendTo = (await publisher.GetMediaStatsAsync()).SendServerEndPoint;
            Assert.Equal(mediaPorts[1 - mediaNode], sendTo!.Port);
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

    private static Task<ParleyTestServer> StartNodeAsync(Dictionary<string, string?> cluster, int mediaPort, PublishRefusals refusals) =>
        ParleyTestServer.StartAsync(
            configure: builder =>
            {
                // The real glue, wrapped: the test decides when the publisher's publishes are refused.
                var real = builder.Services.Last(s => s.ServiceType == typeof(ISessionMediaHandler));
                builder.Services.Remove(real);
                builder.Services.AddSingleton<ISessionMediaHandler>(provider =>
                    new RefusingMediaHandler((ISessionMediaHandler)real.ImplementationFactory!(provider), refusals));
            },
            settings: new Dictionary<string, string?>(cluster)
            {
                ["Media:UdpPort"] = mediaPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Media:AnnouncedAddresses:0"] = IPAddress.Loopback.ToString(),
            });

    /// <summary>How many of one identifier's next publishes every node refuses (shared by the nodes of the test).</summary>
    private sealed class PublishRefusals(string identifier)
    {
        private readonly Lock _gate = new();
        private int _armed;
        private int _refused;

        public int Refused
        {
            get { lock (_gate) { return _refused; } }
        }

        public void Arm(int count)
        {
            lock (_gate)
            {
                _armed = count;
            }
        }

        public bool TryRefuse(MediaSessionContext session, string method)
        {
            if (method != "publish" || !string.Equals(session.Identifier, identifier, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            lock (_gate)
            {
                if (_armed == 0)
                {
                    return false;
                }

                _armed--;
                _refused++;
                return true;
            }
        }
    }

    /// <summary>The server's media hook with <see cref="PublishRefusals"/> in front: a refused publish answers 90028 as when the media node does not answer.</summary>
    private sealed class RefusingMediaHandler(ISessionMediaHandler inner, PublishRefusals refusals) : ISessionMediaHandler
    {
        public ValueTask OnJoinedAsync(MediaSessionContext session) => inner.OnJoinedAsync(session);

        public ValueTask OnTrackPublishedAsync(MediaSessionContext session) => inner.OnTrackPublishedAsync(session);

        public ValueTask OnLeftAsync(MediaSessionContext session) => inner.OnLeftAsync(session);

        public ValueTask<MediaCallResult> CallAsync(MediaSessionContext session, string method, JsonElement parameters, CancellationToken cancellationToken) =>
            refusals.TryRefuse(session, method)
                ? ValueTask.FromResult(MediaCallResult.Error(ErrorCodes.MediaNodeUnavailable, "The node holding this room's media did not answer; try again shortly. (test)"))
                : inner.CallAsync(session, method, parameters, cancellationToken);
    }

    /// <summary>Counts frames from any remote track, and waits for a number of them.</summary>
    private sealed class FrameCounter
    {
        private int _count;

        public void Add() => Interlocked.Increment(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public async Task WaitForAsync(int frames, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Volatile.Read(ref _count) < frames)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{Volatile.Read(ref _count)} of {frames} frames arrived in {timeout.TotalSeconds} s");
                await Task.Delay(50);
            }
        }
    }
}
