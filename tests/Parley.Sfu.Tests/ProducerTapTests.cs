using Parley.Rtp;

namespace Parley.Sfu.Tests;

/// <summary>A tap (the recorder's way in) sees what a producer forwards, without a transport of its own.</summary>
public sealed class ProducerTapTests : IDisposable
{
    private readonly SfuHarness _sfu = new();

    public void Dispose() => _sfu.Dispose();

    [Fact]
    public void A_tap_sees_each_layer_s_packets_once_with_the_key_frame_flag_and_nothing_while_the_producer_is_paused()
    {
        var producer = _sfu.ProduceSimulcast();
        var tap = new RecordingTap();
        producer.AddTap(tap);

        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 1, 0, keyFrame: true, pictureId: 1, mid: "0", rid: "q"));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, 7, 0, keyFrame: false, pictureId: 1, mid: "0", rid: "f"));
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(30, 7, 0, keyFrame: false, pictureId: 1, mid: "0", rid: "f")); // a duplicate
        producer.Pause();
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 2, 3000, keyFrame: false, pictureId: 2, mid: "0", rid: "q"));
        producer.Resume();
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 3, 6000, keyFrame: false, pictureId: 3, mid: "0", rid: "q"));
        producer.RemoveTap(tap);
        _sfu.Publisher.ReceiveRtp(TestPackets.Vp8Packet(10, 4, 9000, keyFrame: false, pictureId: 4, mid: "0", rid: "q"));

        Assert.Equal([(0, (ushort)1, true), (2, (ushort)7, false), (0, (ushort)3, false)], tap.Seen);
    }

    [Fact]
    public void A_closed_producer_takes_no_tap()
    {
        var producer = _sfu.ProduceSingle(10);
        producer.Close();
        Assert.Throws<InvalidOperationException>(() => producer.AddTap(new RecordingTap()));
    }

    private sealed class RecordingTap : IProducerTap
    {
        public List<(int Layer, ushort Sequence, bool KeyFrame)> Seen { get; } = [];

        public void OnRtp(Producer producer, int layer, RtpPacket packet, bool isKeyFrame) => Seen.Add((layer, packet.SequenceNumber, isKeyFrame));
    }
}
