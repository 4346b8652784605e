using Parley.Client.Media;

namespace Parley.Client.Tests.Media;

public sealed class Vp8DepacketizerTests
{
    private static List<(ushort Seq, bool Marker, byte[] Payload)> Packetize(byte[] frame, ushort firstSeq, int maxPayload = 100)
    {
        var packetizer = new Vp8Packetizer(maxPayload);
        var packets = new List<(ushort, bool, byte[])>();
        for (var i = 0; i < packetizer.CountPayloads(frame.Length); i++)
        {
            var buffer = new byte[maxPayload];
            var length = packetizer.WritePayload(frame, i, buffer, out var last);
            packets.Add(((ushort)(firstSeq + i), last, buffer[..length]));
        }
        return packets;
    }

    private static byte[] Frame(int length, bool key, byte fill)
    {
        var frame = Enumerable.Repeat(fill, length).ToArray();
        frame[0] = (byte)(key ? 0x10 : 0x11);
        return frame;
    }

    [Fact]
    public void A_frame_split_over_packets_comes_back_byte_identical()
    {
        var frame = Frame(950, key: true, 7);
        var depacketizer = new Vp8Depacketizer();
        EncodedFrame? result = null;
        foreach (var (seq, marker, payload) in Packetize(frame, 100))
        {
            Assert.Null(result);
            depacketizer.TryPush(seq, 3000, marker, payload, out result);
        }

        Assert.NotNull(result);
        Assert.Equal(frame, result.Data);
        Assert.True(result.IsKeyFrame);
        Assert.Equal(3000u, result.Timestamp);
    }

    [Fact]
    public void Reordered_packets_within_a_frame_across_the_sequence_wrap_still_complete_it()
    {
        var frame = Frame(500, key: false, 3);
        var packets = Packetize(frame, 65533);
        packets.Reverse();
        var depacketizer = new Vp8Depacketizer();
        EncodedFrame? result = null;
        foreach (var (seq, marker, payload) in packets)
        {
            depacketizer.TryPush(seq, 90, marker, payload, out result);
        }

        Assert.NotNull(result);
        Assert.Equal(frame, result.Data);
        Assert.False(result.IsKeyFrame);
    }

    [Fact]
    public void A_frame_with_a_missing_packet_is_dropped_and_the_next_frame_still_comes_out()
    {
        var depacketizer = new Vp8Depacketizer();
        var first = Packetize(Frame(300, true, 1), 10);
        first.RemoveAt(1);
        foreach (var (seq, marker, payload) in first)
        {
            Assert.False(depacketizer.TryPush(seq, 1000, marker, payload, out _));
        }

        var second = Frame(300, false, 2);
        EncodedFrame? result = null;
        foreach (var (seq, marker, payload) in Packetize(second, 14))
        {
            depacketizer.TryPush(seq, 4000, marker, payload, out result);
        }

        Assert.Equal(second, result!.Data);
        Assert.Equal(1, depacketizer.FramesDropped);
        Assert.Equal(1, depacketizer.FramesCompleted);

        // The lost packet arriving late (a retransmission after the frame was given up) is discarded.
        var (lateSeq, lateMarker, latePayload) = Packetize(Frame(300, true, 1), 10)[1];
        Assert.False(depacketizer.TryPush(lateSeq, 1000, lateMarker, latePayload, out _));
        Assert.Equal(1, depacketizer.PacketsDiscarded);
    }

    [Fact]
    public void A_retransmitted_duplicate_neither_breaks_nor_repeats_a_frame()
    {
        var frame = Frame(250, true, 9);
        var packets = Packetize(frame, 500);
        var depacketizer = new Vp8Depacketizer();
        depacketizer.TryPush(packets[0].Seq, 7, packets[0].Marker, packets[0].Payload, out _);
        depacketizer.TryPush(packets[0].Seq, 7, packets[0].Marker, packets[0].Payload, out _);
        EncodedFrame? result = null;
        foreach (var (seq, marker, payload) in packets.Skip(1))
        {
            depacketizer.TryPush(seq, 7, marker, payload, out result);
        }

        Assert.Equal(frame, result!.Data);
        Assert.False(depacketizer.TryPush(packets[^1].Seq, 7, true, packets[^1].Payload, out _));
        Assert.Equal(1, depacketizer.FramesCompleted);
    }

    [Fact]
    public void Garbage_payloads_are_counted_not_thrown()
    {
        var depacketizer = new Vp8Depacketizer();
        Assert.False(depacketizer.TryPush(1, 1, true, [], out _));
        Assert.False(depacketizer.TryPush(2, 1, true, [0x80], out _));
        Assert.Equal(2, depacketizer.PacketsDiscarded);
    }
}
