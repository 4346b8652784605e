using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Parley.Client.Media;
using Parley.Load.Janus;
using Parley.Sdp;
using Parley.WebRtc.Client;

namespace Parley.Interop.Tests;

/// <summary>
/// Parley's C# client against a full-ICE server that is not Parley: Janus's EchoTest plugin (Debian's package) in a
/// network namespace. The client offers VP8 with its host candidate on the veth, runs full ICE (Janus checks us and
/// we must answer), takes the DTLS role Janus's <c>a=setup</c> gives, sends VP8 and gets the echo back.
/// </summary>
public sealed class JanusEchoTestInteropTests
{
    private const byte Vp8PayloadType = 96;

    [Fact]
    public async Task The_client_connects_to_janus_echotest_with_full_ice_and_gets_its_vp8_back()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var janus = await JanusNamespace.StartAsync();
        await using var connection = new WebRtcClientConnection(JanusNamespace.HostAddress);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(40) };
        await using var session = new JanusSession(http, JanusNamespace.ApiUri);
        await session.CreateAsync(deadline.Token);
        var handle = await session.AttachAsync("janus.plugin.echotest", deadline.Token);

        uint ssrc = 0x5041_524C;
        var offer = BuildOffer(connection, ssrc);
        await session.RequestAsync(handle, new JsonObject { ["audio"] = true, ["video"] = true }, "offer", offer.ToString(), deadline.Token);
        string answerSdp = await session.NextJsepAsync(handle, deadline.Token);

        Assert.True(SessionDescription.TryParse(answerSdp, out var answer, out var parseError), parseError);
        Assert.True(SdpOfferBuilder.TryReadAnswer(offer, answer!, out var negotiation, out var answerError), answerError);
        var remote = negotiation!.RemoteTransport;
        Assert.False(remote.IceLite); // Janus is a full agent: it only uses a pair it has checked itself
        var candidates = remote.Candidates
            .Where(c => string.Equals(c.Transport, "udp", StringComparison.OrdinalIgnoreCase) && IPAddress.TryParse(c.Address, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .Select(c => new IPEndPoint(IPAddress.Parse(c.Address), c.Port))
            .ToList();
        Assert.NotEmpty(candidates);

        var dtlsRole = WebRtcClientConnection.DtlsRoleForAnswer(remote.Setup);
        await connection.ConnectAsync(candidates, remote.IceUfrag, remote.IcePwd, remote.Fingerprint, timeout: TimeSpan.FromSeconds(15), dtlsRole: dtlsRole, cancellationToken: deadline.Token);
        Assert.NotNull(connection.SrtpProfile);
        Assert.True(connection.Ice!.AnsweredChecks > 0, "Janus checked us and we answered");

        // Echoed VP8: Janus rewrites the SSRC and sequence numbers, the payloads come back as sent.
        var depacketizer = new Vp8Depacketizer();
        var echoedFrames = new ConcurrentQueue<EncodedFrame>();
        var lockObject = new Lock();
        connection.RtpReceived += packet =>
        {
            if (packet.Length < 12 || (packet[1] & 0x7F) != Vp8PayloadType)
            {
                return;
            }

            int headerLength = 12 + 4 * (packet[0] & 0x0F);
            if ((packet[0] & 0x10) != 0 && packet.Length >= headerLength + 4)
            {
                headerLength += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]);
            }

            if (headerLength > packet.Length)
            {
                return;
            }

            lock (lockObject)
            {
                if (depacketizer.TryPush(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]), BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), (packet[1] & 0x80) != 0, packet[headerLength..], out var frame) && frame is not null)
                {
                    echoedFrames.Enqueue(frame);
                }
            }
        };

        var sender = new RtpStreamSender(ssrc, Vp8PayloadType, 90_000, connection.SendRtp);
        var sentFrames = new HashSet<string>();
        for (int i = 0; i < 90 && !deadline.IsCancellationRequested; i++)
        {
            var frame = GeneratedFrame(i, keyFrame: i % 30 == 0);
            sentFrames.Add(Convert.ToHexString(frame));
            sender.SendVp8Frame(frame, (uint)(i * 3000));
            await Task.Delay(33, deadline.Token);
            if (echoedFrames.Count >= 30)
            {
                break;
            }
        }

        await WaitUntilAsync(() => echoedFrames.Count >= 10, deadline.Token);
        Assert.All(echoedFrames, frame => Assert.Contains(Convert.ToHexString(frame.Data), sentFrames));
        Assert.True(connection.GetStats().RtpPacketsIn >= 10);
    }

    private static SessionDescription BuildOffer(WebRtcClientConnection connection, uint ssrc)
    {
        var transport = new LocalTransportParameters(connection.LocalIce.UsernameFragment, connection.LocalIce.Password, connection.Certificate.Fingerprint)
        {
            IceLite = false,
        };
        int foundation = 1;
        foreach (var candidate in connection.GetLocalCandidates())
        {
            transport.Candidates.Add(IceCandidate.Host((foundation++).ToString(System.Globalization.CultureInfo.InvariantCulture), candidate.Address.ToString(), candidate.Port));
        }

        var video = new OfferMediaSection("0", MediaDescription.Video) { Direction = MediaDirection.SendRecv };
        video.Codecs.Add(OfferCodec.Vp8(Vp8PayloadType, rtxPayloadType: null));
        video.HeaderExtensions.Add(new Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        video.Stream = new LocalMediaStream("parley", "video", ssrc, "parley-interop");
        return SdpOfferBuilder.Build(new SdpOfferOptions(transport), [video]);
    }

    /// <summary>A fake VP8 frame: a valid payload header (key frame bit clear on key frames) and a recognisable body.</summary>
    private static byte[] GeneratedFrame(int index, bool keyFrame)
    {
        var frame = new byte[keyFrame ? 3000 : 800];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)(index * 7 + i);
        }

        frame[0] = (byte)(keyFrame ? 0x10 : 0x11); // P bit (0x01) clear = key frame, show_frame set
        if (keyFrame)
        {
            frame[3] = 0x9D;
            frame[4] = 0x01;
            frame[5] = 0x2A; // key frame start code
        }

        return frame;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
