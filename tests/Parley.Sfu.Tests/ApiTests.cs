namespace Parley.Sfu.Tests;

public sealed class ApiTests : IDisposable
{
    private readonly SfuHarness _sfu = new();

    public void Dispose() => _sfu.Dispose();

    [Fact]
    public void Consuming_a_closed_producer_throws()
    {
        var producer = _sfu.ProduceSingle(10);
        producer.Close();
        Assert.Throws<InvalidOperationException>(() => _sfu.Consume(producer));
    }

    [Fact]
    public void A_duplicate_consumer_ssrc_throws()
    {
        var producer = _sfu.ProduceSingle(10);
        _sfu.Consume(producer, ssrc: 1000);
        Assert.Throws<ArgumentException>(() => _sfu.Consume(producer, ssrc: 1000));
    }

    [Fact]
    public void A_duplicate_producer_ssrc_throws()
    {
        _sfu.ProduceSingle(10, mid: "0");
        Assert.Throws<ArgumentException>(() => _sfu.ProduceSingle(10, mid: "1"));
    }

    [Fact]
    public void Simulcast_encodings_need_rids_and_at_most_three()
    {
        Assert.Throws<ArgumentException>(() => _sfu.Publisher.Produce(new ProducerOptions(MediaKind.Video, TestPackets.Vp8)
        {
            Mid = "0",
            Encodings = [new RtpEncoding { Rid = "q" }, new RtpEncoding()],
        }));
        Assert.Throws<ArgumentException>(() => _sfu.Publisher.Produce(new ProducerOptions(MediaKind.Video, TestPackets.Vp8)
        {
            Mid = "0",
            Encodings = [new RtpEncoding { Rid = "a" }, new RtpEncoding { Rid = "b" }, new RtpEncoding { Rid = "c" }, new RtpEncoding { Rid = "d" }],
        }));
    }

    [Fact]
    public void A_producer_from_another_router_cannot_be_consumed()
    {
        using var other = new SfuHarness();
        var producer = other.ProduceSingle(10);
        Assert.Throws<ArgumentException>(() => _sfu.Consume(producer));
    }

    [Fact]
    public void Rtx_needs_both_ssrc_and_payload_type() =>
        Assert.Throws<ArgumentException>(() => _sfu.Subscriber.Consume(_sfu.ProduceSingle(10), new ConsumerOptions(1, 100) { RtxSsrc = 2 }));

    [Fact]
    public void Consumers_start_paused_by_default()
    {
        var consumer = _sfu.Subscriber.Consume(_sfu.ProduceSingle(10), new ConsumerOptions(1, 100));
        Assert.True(consumer.Paused);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1));
        Assert.Empty(_sfu.SubscriberLink.Rtp);
    }

    [Fact]
    public void Closing_a_producer_closes_its_consumers_and_removes_it_from_the_router()
    {
        var producer = _sfu.ProduceSingle(10);
        var consumer = _sfu.Consume(producer);
        var closed = false;
        consumer.Closed += _ => closed = true;
        producer.Close();
        Assert.True(closed);
        Assert.Empty(_sfu.Router.Producers);
        Assert.Empty(_sfu.Subscriber.Consumers);
    }
}
