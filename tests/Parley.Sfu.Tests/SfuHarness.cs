using Parley.Rtp.Codecs;
using Microsoft.Extensions.Time.Testing;

namespace Parley.Sfu.Tests;

/// <summary>A router with one publisher transport and one subscriber transport on fake links and a fake clock.</summary>
internal sealed class SfuHarness : IDisposable
{
    public SfuHarness(bool record = true, bool recordRtcp = false)
    {
        Router = new Router(new RouterOptions(), Time);
        PublisherLink = new FakeMediaLink(record, recordRtcp);
        SubscriberLink = new FakeMediaLink(record, recordRtcp);
        Publisher = Router.CreateTransport(PublisherLink);
        Subscriber = Router.CreateTransport(SubscriberLink);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    public Router Router { get; }

    public FakeMediaLink PublisherLink { get; }

    public FakeMediaLink SubscriberLink { get; }

    public Transport Publisher { get; }

    public Transport Subscriber { get; }

    public Producer ProduceSimulcast(string mid = "0", RtpCodec? codec = null) => Publisher.Produce(new ProducerOptions(MediaKind.Video, codec ?? TestPackets.Vp8)
    {
        Mid = mid,
        HeaderExtensions = TestPackets.PublisherIds,
        Encodings = [new RtpEncoding { Rid = "q" }, new RtpEncoding { Rid = "h" }, new RtpEncoding { Rid = "f" }],
        Tag = "camera",
    });

    public Producer ProduceSingle(uint ssrc, uint? rtxSsrc = null, string? mid = "0", RtpCodec? codec = null) => Publisher.Produce(new ProducerOptions(MediaKind.Video, codec ?? TestPackets.Vp8)
    {
        Mid = mid,
        HeaderExtensions = TestPackets.PublisherIds,
        Encodings = [new RtpEncoding { Ssrc = ssrc, RtxSsrc = rtxSsrc }],
    });

    public Consumer Consume(Producer producer, uint ssrc = 1000, bool rtx = true, int? preferredSpatialLayer = null, bool paused = false) =>
        Subscriber.Consume(producer, new ConsumerOptions(ssrc, 100)
        {
            RtxSsrc = rtx ? ssrc + 1 : null,
            RtxPayloadType = rtx ? (byte)101 : null,
            HeaderExtensions = TestPackets.SubscriberIds,
            Mid = "v" + ssrc,
            Feedback = RtcpFeedback.Nack | RtcpFeedback.NackPli,
            Paused = paused,
            PreferredSpatialLayer = preferredSpatialLayer,
        });

    public List<SentPacket> SentTo(uint ssrc, PayloadCodec codec) => SubscriberLink.Rtp.Select(p => TestPackets.Read(p, codec)).Where(p => p.Ssrc == ssrc).ToList();

    public List<SentPacket> SentTo(uint ssrc) => SubscriberLink.Rtp.Select(TestPackets.Read).Where(p => p.Ssrc == ssrc).ToList();

    public void Dispose() => Router.Dispose();
}
