using System.Buffers.Binary;
using System.Collections.Concurrent;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;
using Parley.Client.Tests.Support;
using Parley.Sdp;
using Parley.WebRtc;
using Parley.WebRtc.Negotiation;
using Parley.WebRtc.Transport;

namespace Parley.Client.Tests.Media.Rooms;

/// <summary>
/// Room media through the protocol of docs/protocol.md §9–11 before the server's SFU glue exists: a scripted
/// signaling server plays the SFU with real server transports on loopback — it answers <c>publish</c>, offers the
/// client's own track back in <c>subscriberOffer</c>, takes <c>subscriberAnswer</c>, and relays the published RTP
/// to the recv transport — so the whole client path (offer, answer, both DTLS roles, SRTP, depacketizing) runs.
/// </summary>
public sealed class RoomMediaLoopbackTests : IDisposable
{
    private const uint ConsumerSsrc = 0xC0FFEE;
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-room-media-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_published_ivf_comes_back_as_byte_identical_frames_on_the_recv_transport()
    {
        var options = new MediaOptions { UdpPort = 0 };
        options.AnnouncedAddresses.Add("127.0.0.1");
        await using var media = WebRtcServer.Start(options);
        await using var signaling = await ScriptedSignalingServer.StartAsync();
        WebRtcTransport? publishTransport = null;
        WebRtcTransport? recvTransport = null;
        SessionDescription? subscriberOffer = null;
        var publishParams = new ConcurrentQueue<string>();
        signaling.Override = async (connection, request) =>
        {
            switch (request.Method)
            {
                case "publish":
                    publishParams.Enqueue(request.Params.GetRawText());
                    Assert.True(SessionDescription.TryParse(request.Params.GetProperty("sdp").GetString()!, out var offer, out _));
                    Assert.True(SdpTransportInfo.TryFrom(offer!, out var remote, out _));
                    publishTransport ??= media.CreateTransport(new WebRtcTransportSettings { RemoteUsernameFragment = remote!.IceUfrag, RemoteFingerprint = remote.Fingerprint });
                    Assert.True(MediaSdpPolicy.Default.TryAnswer(offer!, publishTransport, null, out var answer, out var error), error);
                    publishTransport.RtpReceived += (_, packet) =>
                    {
                        // The "SFU": one consumer of the producer, with its own SSRC, on the recv transport.
                        Span<byte> copy = stackalloc byte[packet.Length];
                        packet.CopyTo(copy);
                        BinaryPrimitives.WriteUInt32BigEndian(copy[8..], ConsumerSsrc);
                        recvTransport?.SendRtp(copy);
                    };
                    var producer = new ProducerInfo("p1", connection.Identifier, "video", "camera", false, "VP8", 1);
                    await connection.ReplyAsync(request.Id, new PublishResultWire(answer!.LocalDescription, [producer]), MediaJsonContext.Default.PublishResultWire);

                    recvTransport = media.CreateTransport(new WebRtcTransportSettings());
                    var section = MediaSdpPolicy.CreateOfferSection("c0", MediaDescription.Video, MediaDirection.SendOnly);
                    section.Stream = new LocalMediaStream("alice", "camera", ConsumerSsrc, "alice");
                    subscriberOffer = SdpOfferBuilder.Build(new SdpOfferOptions(MediaSdpPolicy.TransportParameters(recvTransport)), [section]);
                    var consumer = new ConsumerInfo("k1", "p1", connection.Identifier, "video", "camera", "c0", 0, null);
                    await connection.NotifyAsync("subscriberOffer", new SubscriberOfferEventWire(subscriberOffer.ToString(), 1, [consumer]), MediaJsonContext.Default.SubscriberOfferEventWire);
                    return true;
                case "subscriberAnswer":
                    Assert.Equal(1, request.Params.GetProperty("version").GetInt64());
                    Assert.True(SessionDescription.TryParse(request.Params.GetProperty("sdp").GetString()!, out var subscriberAnswer, out _));
                    Assert.True(SdpOfferBuilder.TryReadAnswer(subscriberOffer!, subscriberAnswer!, out var negotiation, out var answerError), answerError);
                    Assert.Equal(SetupRole.Active, negotiation!.RemoteTransport.Setup); // protocol.md §10.6
                    recvTransport!.SetRemoteFingerprint(negotiation.RemoteTransport.Fingerprint);
                    await connection.ReplyAsync(request.Id, new EmptyResultWire(), MediaJsonContext.Default.EmptyResultWire);
                    return true;
                default:
                    return false;
            }
        };

        await using var client = TestClients.Create(signaling.WebSocketUri);
        var frames = new ConcurrentQueue<EncodedFrame>();
        var added = new TaskCompletionSource<RemoteTrack>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.RemoteTrackAdded += (_, e) =>
        {
            e.Track.FrameReceived += (_, frame) => frames.Enqueue(frame);
            added.TrySetResult(e.Track);
        };
        await client.LoginAsync(TestClients.SdkAppId, "alice", "sig");
        await client.JoinRoomAsync(1234);

        string path = Path.Combine(_directory, "clip.ivf");
        File.WriteAllBytes(path, MediaFileFactory.Ivf(3000, 700, 700, 700, 700, 700).ToArray());
        var fileFrames = Enumerable.Range(0, 6).Select(i => Convert.ToHexString(MediaFileFactory.Frame(i, i == 0 ? 3000 : 700))).ToHashSet();
        var track = new IvfFileTrack(path, MediaSource.Camera, loop: true);
        var producerInfo = await client.PublishAsync(track);

        Assert.Equal("p1", producerInfo.ProducerId);
        Assert.Equal("p1", track.ProducerId);
        Assert.Contains("\"tracks\":[{\"mid\":\"0\",\"source\":\"camera\",\"muted\":false}]", publishParams.Single(), StringComparison.Ordinal);
        var remoteTrack = await added.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("alice", MediaSource.Camera, MediaKind.Video, "p1"), (remoteTrack.Identifier, remoteTrack.Source, remoteTrack.Kind, remoteTrack.ProducerId));

        for (int i = 0; i < 300 && frames.Count < 8; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(frames.Count >= 8, $"{frames.Count} frames came back");
        Assert.All(frames, frame => Assert.Contains(Convert.ToHexString(frame.Data), fileFrames)); // byte-identical to the file's
        var stats = await client.GetMediaStatsAsync();
        Assert.True(stats.FramesSent >= 8);
        Assert.True(stats.FramesReceived >= 8);
        Assert.NotNull(stats.SendSrtpProfile);
        Assert.NotNull(stats.ReceiveSrtpProfile);
        Assert.Equal("p1", stats.Received.Single().ProducerId);
    }
}
