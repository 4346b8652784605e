using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.Cluster;

/// <summary>
/// A room's media lives on one node of the cluster: participants signaling through different nodes all connect their
/// transports to that node and receive each other; when it leaves, the room's media starts again on a live node and
/// the SDK publishes again there (<c>mediaReset</c>, docs/protocol.md §10.9).
/// </summary>
public sealed class MediaAcrossNodesTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-media-nodes-").FullName;

    // The nodes' and the clients' logs, printed when the test fails (the move involves three nodes and two SDKs).
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _logs.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Participants_on_different_nodes_share_one_media_node_and_move_with_the_room_when_it_leaves()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("media_nodes");
        var settings = ClusterNode.Settings(database, "postgres", "media-nodes");
        int[] mediaPorts = [FreePorts.Next(), FreePorts.Next(), FreePorts.Next()];
        string clip = Path.Combine(_directory, "clip.ivf");
        File.WriteAllBytes(clip, MediaFileFactory.Ivf([3000, 700, 1500, 700, 2500, 700]).ToArray());
        var nodes = new List<ParleyTestServer>();
        try
        {
            foreach (int port in mediaPorts)
            {
                nodes.Add(await StartNodeAsync(settings, port, _logs));
            }

            long room = Random.Shared.Next(100_000, 9_000_000);
            await using var publisher = TestClients.Create(nodes[0].WebSocketUri, o => ClientOptions(o, "publisher", nodes[1], nodes[2]));
            await publisher.LoginAsync(nodes[0].DefaultApp.SdkAppId, "pub_" + room, nodes[0].UserSig("pub_" + room));
            await publisher.JoinRoomAsync(room);
            await using var subscriber = TestClients.Create(nodes[1].WebSocketUri, o => ClientOptions(o, "subscriber", nodes[0], nodes[2]));
            var frames = new FrameCounter();
            subscriber.RemoteTrackAdded += (_, e) => e.Track.FrameReceived += (_, _) => frames.Add();
            await subscriber.LoginAsync(nodes[1].DefaultApp.SdkAppId, "sub_" + room, nodes[1].UserSig("sub_" + room));
            await subscriber.JoinRoomAsync(room);

            await publisher.PublishAsync(new IvfFileTrack(clip, MediaSource.Camera, loop: true));
            await frames.WaitForAsync(10, TimeSpan.FromSeconds(20));
            // One media node for the room, placed by load: the publisher (signaling through node 0) and the subscriber
            // (node 1) both have their transports there, whichever node it is.
            int mediaPort = (await publisher.GetMediaStatsAsync()).SendServerEndPoint!.Port;
            Assert.Equal(mediaPort, (await subscriber.GetMediaStatsAsync()).ReceiveServerEndPoint?.Port);
            int mediaNode = Array.IndexOf(mediaPorts, mediaPort);
            Assert.InRange(mediaNode, 0, 2);
            output.WriteLine($"the room's media is on node {mediaNode} (0: the publisher's, 1: the subscriber's)");
            Trace(publisher, "publisher");
            Trace(subscriber, "subscriber");

            // The media node leaves (a drain or an upgrade). A session on another node hears mediaReset; a session on that
            // node moves to another node and re-joins. Either way the SDK publishes again and media flows on a live node.
            // A first attempt may meet the connection closing under it, or a node still placing the room's media (the event
            // then says why); the tracks are kept and published by a retry (MediaRepublished) or the next restart, so what
            // must come is a reset, or a retry after one, that published them.
            var moved = new TaskCompletionSource<(long RoomId, string Reason, int Producers)>(TaskCreationOptions.RunContinuationsAsynchronously);
            publisher.MediaReset += (_, e) =>
            {
                if (e.RepublishError is not null)
                {
                    output.WriteLine($"publisher: {e.Reason}, not published again yet (retry: {e.WillRetry}): {e.RepublishError}");
                    return;
                }

                moved.TrySetResult((e.RoomId, e.Reason, e.Producers.Count));
            };
            publisher.MediaRepublished += (_, e) => moved.TrySetResult((e.RoomId, e.Reason, e.Producers.Count));
            await nodes[mediaNode].DisposeAsync();
            var (movedRoom, reason, producers) = await moved.Task.WaitAsync(TimeSpan.FromSeconds(90));

            Assert.Equal(room, movedRoom);
            // A session on the leaving node re-joins elsewhere (rejoined); if the room's media was still moving, the media
            // node's leaving notice may reach it on its new node as a newer restart, and that one publishes.
            string[] expected = mediaNode == 0 ? [MediaResetReasons.Rejoined, MediaResetReasons.MediaNodeLeaving] : [MediaResetReasons.MediaNodeLeaving];
            Assert.Contains(reason, expected);
            Assert.Equal(1, producers);

            frames.Reset();
            await frames.WaitForAsync(10, TimeSpan.FromSeconds(20));
            var sendTo = (await publisher.GetMediaStatsAsync()).SendServerEndPoint;
            Assert.Equal(sendTo, (await subscriber.GetMediaStatsAsync()).ReceiveServerEndPoint);
            Assert.NotEqual(mediaPort, sendTo!.Port);
            Assert.Contains(sendTo.Port, mediaPorts);
        }
        catch
        {
            foreach (var line in _logs.Lines.Where(l => !l.Contains("Orleans.", StringComparison.Ordinal) || l.Contains(" Warning ", StringComparison.Ordinal) || l.Contains(" Error ", StringComparison.Ordinal)).TakeLast(400))
            {
                output.WriteLine(line);
            }

            throw;
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

    /// <summary>What each client lived through, in the test's output: the first thing to read when the move fails.</summary>
    private void Trace(ParleyClient client, string name)
    {
        client.MediaError += (_, message) => output.WriteLine($"{name} media error: {message}");
        client.Disconnected += (_, e) => output.WriteLine($"{name} disconnected ({e.CloseCode}, {e.Reason}, will reconnect: {e.WillReconnect})");
        client.Reconnected += (_, e) => output.WriteLine($"{name} reconnected to {client.CurrentServerUri}, room {e.Room?.RoomId}");
        client.ReconnectFailed += (_, e) => output.WriteLine($"{name} reconnect failed after {e.Attempts} attempts: {e.Error.Message}");
        client.MediaReset += (_, e) => output.WriteLine($"{name} media reset: {e.Reason}, republish error: {e.RepublishError}");
        client.RemoteTrackAdded += (_, e) => output.WriteLine($"{name} remote track added: {e.Track.Identifier} {e.Track.Kind} {e.Track.ProducerId}");
        client.RemoteTrackRemoved += (_, e) => output.WriteLine($"{name} remote track removed: {e.Track.Identifier} {e.Track.Kind} {e.Track.ProducerId}");
        client.TrackPublished += (_, e) => output.WriteLine($"{name} heard trackPublished in room {e.RoomId}: {e.Producer.Identifier} {e.Producer.Kind}");
    }

    private void ClientOptions(ParleyClientOptions options, string name, params ParleyTestServer[] others)
    {
        foreach (var other in others)
        {
            options.FallbackServerUris.Add(other.WebSocketUri);
        }

        options.LoggerFactory = LoggerFactory.Create(b => b.AddProvider(new PrefixedLoggerProvider(_logs, name)).SetMinimumLevel(LogLevel.Debug));
    }

    private static Task<ParleyTestServer> StartNodeAsync(Dictionary<string, string?> cluster, int mediaPort, RecordingLoggerProvider logs) =>
        ParleyTestServer.StartAsync(
            builder => builder.Logging.AddProvider(new PrefixedLoggerProvider(logs, "node:" + mediaPort.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            settings: new Dictionary<string, string?>(cluster)
            {
                ["Media:UdpPort"] = mediaPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Media:AnnouncedAddresses:0"] = IPAddress.Loopback.ToString(),
                ["Logging:LogLevel:Parley"] = "Debug",
            });

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
