using Parley.Media.Files.Rtp;

namespace Parley.Media.Files.Tests;

public sealed class RtpReorderBufferTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(300);

    private static RecordedPacket Packet(ushort sequence, double arrivalMs) =>
        RecordedPacket.Copy(sequence, 0, false, TimeSpan.FromMilliseconds(arrivalMs), [(byte)sequence]);

    private static List<(ushort Sequence, int LostBefore)> Take(RtpReorderBuffer buffer)
    {
        var taken = new List<(ushort, int)>();
        while (buffer.TryDequeue(out var packet, out var lost))
        {
            taken.Add((packet.SequenceNumber, lost));
            packet.Return();
        }

        return taken;
    }

    /// <summary>A buffer past its start (the first packets wait <see cref="Wait"/> for any that overtook them).</summary>
    private static RtpReorderBuffer Started(ushort first, int capacity = 64, TimeSpan? maxDelay = null)
    {
        var delay = maxDelay ?? Wait;
        var buffer = new RtpReorderBuffer(capacity, delay);
        buffer.TryAdd(Packet(first, -delay.TotalMilliseconds), -delay);
        buffer.Poll(TimeSpan.Zero);
        Assert.Equal([(first, 0)], Take(buffer));
        return buffer;
    }

    [Fact]
    public void Packets_in_order_come_straight_out()
    {
        var buffer = Started(9);
        for (ushort seq = 10; seq < 15; seq++)
        {
            Assert.True(buffer.TryAdd(Packet(seq, seq), TimeSpan.FromMilliseconds(seq)));
        }

        Assert.Equal([(10, 0), (11, 0), (12, 0), (13, 0), (14, 0)], Take(buffer));
    }

    [Fact]
    public void The_streams_first_packets_wait_a_moment_for_one_that_overtook_them()
    {
        var buffer = new RtpReorderBuffer(64, Wait);
        buffer.TryAdd(Packet(11, 0), TimeSpan.Zero);
        buffer.TryAdd(Packet(12, 5), TimeSpan.FromMilliseconds(5));
        Assert.True(buffer.TryAdd(Packet(10, 8), TimeSpan.FromMilliseconds(8)));
        Assert.Empty(Take(buffer));
        buffer.Poll(Wait);
        Assert.Equal([(10, 0), (11, 0), (12, 0)], Take(buffer));
    }

    [Fact]
    public void A_packet_that_overtook_another_waits_for_it_and_both_come_out_in_order_across_the_wrap()
    {
        var buffer = Started(65533);
        buffer.TryAdd(Packet(65534, 0), TimeSpan.Zero);
        buffer.TryAdd(Packet(0, 1), TimeSpan.FromMilliseconds(1));
        Assert.Equal([(65534, 0)], Take(buffer));
        buffer.TryAdd(Packet(65535, 5), TimeSpan.FromMilliseconds(5));
        Assert.Equal([(65535, 0), (0, 0)], Take(buffer));
        Assert.Equal(0, buffer.PacketsLost);
    }

    [Fact]
    public void A_missing_packet_is_given_up_once_those_behind_it_waited_long_enough_and_the_next_one_says_so()
    {
        var buffer = Started(1);
        buffer.TryAdd(Packet(3, 10), TimeSpan.FromMilliseconds(10));
        buffer.TryAdd(Packet(4, 20), TimeSpan.FromMilliseconds(20));
        Assert.Empty(Take(buffer));

        buffer.Poll(TimeSpan.FromMilliseconds(309));
        Assert.Empty(Take(buffer));
        buffer.Poll(TimeSpan.FromMilliseconds(310));
        Assert.Equal([(3, 1), (4, 0)], Take(buffer));
        Assert.Equal(1, buffer.PacketsLost);

        // It arrives after all: too late, and the caller keeps it.
        var late = Packet(2, 400);
        Assert.False(buffer.TryAdd(late, TimeSpan.FromMilliseconds(400)));
        late.Return();
        Assert.Equal(1, buffer.PacketsLate);
    }

    [Fact]
    public void A_full_window_gives_up_its_holes_at_once()
    {
        var buffer = Started(99, capacity: 8, maxDelay: TimeSpan.FromSeconds(10));
        buffer.TryAdd(Packet(100, 0), TimeSpan.Zero);
        for (ushort seq = 102; seq < 110; seq++)
        {
            buffer.TryAdd(Packet(seq, 1), TimeSpan.FromMilliseconds(1));
        }

        // 109 needed the window to move past 101.
        Assert.Equal([(100, 0), (102, 1), (103, 0), (104, 0), (105, 0), (106, 0), (107, 0), (108, 0), (109, 0)], Take(buffer));
    }

    [Fact]
    public void A_jump_far_ahead_after_a_silence_counts_the_gap_and_goes_on_from_there()
    {
        var buffer = Started(0);
        buffer.TryAdd(Packet(1, 0), TimeSpan.Zero);
        buffer.TryAdd(Packet(5001, 10_000), TimeSpan.FromSeconds(10));
        Assert.Equal([(1, 0), (5001, 4999)], Take(buffer));
    }

    [Fact]
    public void A_duplicate_is_refused()
    {
        var buffer = Started(1);
        buffer.TryAdd(Packet(3, 0), TimeSpan.Zero);
        var again = Packet(3, 1);
        Assert.False(buffer.TryAdd(again, TimeSpan.FromMilliseconds(1)));
        again.Return();
        Assert.Equal(1, buffer.PacketsDuplicated);
    }

    [Fact]
    public void Flush_gives_out_everything_held_and_clear_starts_a_new_stream()
    {
        var buffer = Started(1, maxDelay: TimeSpan.FromSeconds(10));
        buffer.TryAdd(Packet(2, 0), TimeSpan.Zero);
        buffer.TryAdd(Packet(5, 0), TimeSpan.Zero);
        buffer.Flush();
        Assert.Equal([(2, 0), (5, 2)], Take(buffer));

        buffer.TryAdd(Packet(9, 0), TimeSpan.Zero);
        buffer.Clear();
        Assert.Equal(0, buffer.Count);
        Assert.True(buffer.TryAdd(Packet(3, 0), TimeSpan.Zero)); // a new stream may start anywhere
        buffer.Flush();
        Assert.Equal([(3, 0)], Take(buffer));
    }
}
