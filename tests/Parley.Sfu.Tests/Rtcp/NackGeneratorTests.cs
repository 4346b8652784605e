using Microsoft.Extensions.Time.Testing;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu.Tests.Rtcp;

public sealed class NackGeneratorTests
{
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _time = new();
    private readonly ushort[] _due = new ushort[64];

    private long Now => _time.GetTimestamp();

    private ushort[] Collect(NackGenerator nacks, TimeSpan? rtt = null) =>
        _due.AsSpan(0, nacks.CollectNacks(Now, rtt ?? Rtt, _due)).ToArray();

    [Fact]
    public void A_gap_is_requested_at_once()
    {
        var nacks = new NackGenerator(_time);
        Assert.Equal(NackPacketResult.InOrder, nacks.OnPacket(10, Now));
        Assert.Equal(NackPacketResult.InOrder, nacks.OnPacket(11, Now));
        Assert.Equal(NackPacketResult.Gap, nacks.OnPacket(15, Now));

        Assert.Equal(3, nacks.MissingCount);
        Assert.Equal([12, 13, 14], Collect(nacks));
    }

    [Fact]
    public void Retries_wait_for_the_round_trip_time()
    {
        var nacks = new NackGenerator(_time);
        nacks.OnPacket(1, Now);
        nacks.OnPacket(3, Now);
        Assert.Equal([2], Collect(nacks));

        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Empty(Collect(nacks));

        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal([2], Collect(nacks));
    }

    [Fact]
    public void Retries_wait_at_least_the_minimum_interval_when_the_rtt_is_tiny()
    {
        var nacks = new NackGenerator(_time, minRetryInterval: TimeSpan.FromMilliseconds(20));
        nacks.OnPacket(1, Now);
        nacks.OnPacket(3, Now);
        Assert.Equal([2], Collect(nacks, TimeSpan.FromMilliseconds(1)));

        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Empty(Collect(nacks, TimeSpan.FromMilliseconds(1)));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([2], Collect(nacks, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void A_packet_is_given_up_after_the_maximum_number_of_requests()
    {
        var nacks = new NackGenerator(_time, maxRetries: 3);
        nacks.OnPacket(1, Now);
        nacks.OnPacket(3, Now);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([2], Collect(nacks));
            _time.Advance(Rtt);
        }

        Assert.Empty(Collect(nacks));
        Assert.Equal(0, nacks.MissingCount);
        Assert.Equal(1, nacks.GivenUp);
    }

    [Fact]
    public void Ten_requests_are_the_default_limit()
    {
        var nacks = new NackGenerator(_time, maxAge: TimeSpan.FromMinutes(1));
        nacks.OnPacket(1, Now);
        nacks.OnPacket(3, Now);
        var requests = 0;
        for (var i = 0; i < 20; i++)
        {
            requests += Collect(nacks).Length;
            _time.Advance(Rtt);
        }

        Assert.Equal(10, requests);
    }

    [Fact]
    public void A_packet_is_given_up_after_the_maximum_age()
    {
        var nacks = new NackGenerator(_time);
        nacks.OnPacket(1, Now);
        nacks.OnPacket(3, Now);
        Assert.Equal([2], Collect(nacks, TimeSpan.FromMilliseconds(600)));
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal([2], Collect(nacks, TimeSpan.FromMilliseconds(600)));
        _time.Advance(TimeSpan.FromMilliseconds(600)); // 1.2 s old: beyond the default 1 s

        Assert.Empty(Collect(nacks, TimeSpan.FromMilliseconds(600)));
        Assert.Equal(1, nacks.GivenUp);
    }

    [Fact]
    public void A_recovered_packet_is_no_longer_requested()
    {
        var nacks = new NackGenerator(_time);
        nacks.OnPacket(1, Now);
        nacks.OnPacket(5, Now);
        Assert.Equal([2, 3, 4], Collect(nacks));

        Assert.Equal(NackPacketResult.Recovered, nacks.OnPacket(3, Now));
        Assert.Equal(NackPacketResult.Duplicate, nacks.OnPacket(3, Now));
        Assert.Equal(NackPacketResult.Duplicate, nacks.OnPacket(5, Now));
        _time.Advance(Rtt);

        Assert.Equal([2, 4], Collect(nacks));
        Assert.Equal(1, nacks.Recovered);
        Assert.Equal(2, nacks.MissingCount);
    }

    [Fact]
    public void Gaps_across_the_wrap_are_requested_in_order()
    {
        var nacks = new NackGenerator(_time);
        nacks.OnPacket(65533, Now);
        nacks.OnPacket(1, Now);

        Assert.Equal([65534, 65535, 0], Collect(nacks));
    }

    [Fact]
    public void Too_many_missing_packets_clear_the_list_and_ask_for_a_key_frame()
    {
        var nacks = new NackGenerator(_time, capacity: 100);
        nacks.OnPacket(1, Now);
        nacks.OnPacket(50, Now);
        Assert.Equal(48, nacks.MissingCount);

        Assert.Equal(NackPacketResult.KeyFrameNeeded, nacks.OnPacket(110, Now)); // 48 + 59 > 100
        Assert.Equal(0, nacks.MissingCount);
        Assert.Empty(Collect(nacks));
        Assert.Equal(NackPacketResult.InOrder, nacks.OnPacket(111, Now));
    }

    [Fact]
    public void Recovered_slots_are_reused_when_the_ring_fills()
    {
        var nacks = new NackGenerator(_time, capacity: 10);
        nacks.OnPacket(0, Now);
        nacks.OnPacket(9, Now); // 1..8 missing
        foreach (ushort recovered in new ushort[] { 2, 3, 4, 5, 6, 7 })
        {
            Assert.Equal(NackPacketResult.Recovered, nacks.OnPacket(recovered, Now));
        }

        Assert.Equal(NackPacketResult.Gap, nacks.OnPacket(17, Now)); // 10..16: seven more, ten slots in all
        Assert.Equal(9, nacks.MissingCount);
        Assert.Equal([1, 8, 10, 11, 12, 13, 14, 15, 16], Collect(nacks));
        Assert.Equal(NackPacketResult.Recovered, nacks.OnPacket(13, Now));
        Assert.Equal(NackPacketResult.Recovered, nacks.OnPacket(1, Now));
        _time.Advance(Rtt);
        Assert.Equal([8, 10, 11, 12, 14, 15, 16], Collect(nacks));
    }

    [Fact]
    public void Due_packets_are_packed_into_a_generic_nack()
    {
        var nacks = new NackGenerator(_time);
        nacks.OnPacket(100, Now);
        nacks.OnPacket(104, Now);  // 101..103
        nacks.OnPacket(200, Now);  // 105..199
        var buffer = new byte[1500];

        var length = nacks.WriteNack(buffer, 0xAAAA, 0xBBBB, Now, Rtt);

        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpGenericNack.TryParse(packet, out var nack));
        Assert.Equal(0xBBBBu, nack.MediaSsrc);
        var lost = new List<ushort>();
        foreach (var sequence in nack.LostSequenceNumbers)
        {
            lost.Add(sequence);
        }

        ushort[] expected = [101, 102, 103, .. Enumerable.Range(105, 95).Select(s => (ushort)s)];
        Assert.Equal(expected, lost);
        Assert.Equal(0, nacks.WriteNack(buffer, 0xAAAA, 0xBBBB, Now, Rtt)); // nothing due again yet
    }

    [Fact]
    public void Learning_packets_allocates_nothing()
    {
        var nacks = new NackGenerator(_time);
        var buffer = new byte[4096];
        ushort sequence = 0;
        for (var i = 0; i < 2000; i++)
        {
            Step(i);
        }

        Assert.Equal(0, SteadyStateAllocations.Measure(20_000, Step));

        void Step(int i)
        {
            nacks.OnPacket(sequence, Now);
            if (i % 10 == 5)
            {
                nacks.OnPacket((ushort)(sequence - 2), Now); // recover what the previous skip lost
            }

            sequence += (ushort)(i % 10 == 4 ? 3 : 1);
            nacks.WriteNack(buffer, 1, 2, Now, Rtt);
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }
    }
}
