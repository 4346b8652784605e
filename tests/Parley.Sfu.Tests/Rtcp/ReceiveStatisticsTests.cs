using Microsoft.Extensions.Time.Testing;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu.Tests.Rtcp;

public sealed class ReceiveStatisticsTests
{
    private readonly FakeTimeProvider _time = new();

    private ReceiveStatistics Create(int clockRate = 90000, int minSequential = 1) => new(0x1234, clockRate, _time, minSequential);

    [Fact]
    public void A_new_source_counts_only_after_two_sequential_packets_by_default()
    {
        var stats = new ReceiveStatistics(1, 90000, _time);

        Assert.False(stats.OnPacket(100, 0, 1000));
        Assert.False(stats.IsValid);
        Assert.True(stats.OnPacket(101, 0, 1000));
        Assert.True(stats.IsValid);
        Assert.Equal(1, stats.PacketsReceived);
        Assert.Equal(101u, stats.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void A_probation_broken_by_a_non_sequential_packet_starts_over()
    {
        var stats = new ReceiveStatistics(1, 90000, _time);

        Assert.False(stats.OnPacket(100, 0, 1));
        Assert.False(stats.OnPacket(500, 0, 1));
        Assert.True(stats.OnPacket(501, 0, 1));
        Assert.Equal(501u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(1, stats.PacketsExpected);
    }

    [Fact]
    public void Sequence_numbers_wrapping_around_start_a_new_cycle()
    {
        var stats = Create();
        foreach (ushort sequence in new ushort[] { 65534, 65535, 0, 1 })
        {
            Assert.True(stats.OnPacket(sequence, 0, 100));
        }

        Assert.Equal(65536u + 1, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(4, stats.PacketsExpected);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void Missing_packets_are_lost_in_the_interval_and_cumulatively()
    {
        var stats = Create();
        for (ushort sequence = 1; sequence <= 10; sequence++)
        {
            if (sequence is not (4 or 5))
            {
                stats.OnPacket(sequence, 0, 100);
            }
        }

        var first = stats.CreateReportBlock(_time.GetTimestamp());
        Assert.Equal(2, first.CumulativeLost);
        Assert.Equal(2 * 256 / 10, first.FractionLost);
        Assert.Equal(10u, first.ExtendedHighestSequenceNumber);

        for (ushort sequence = 11; sequence <= 20; sequence++)
        {
            stats.OnPacket(sequence, 0, 100);
        }

        var second = stats.CreateReportBlock(_time.GetTimestamp());
        Assert.Equal(2, second.CumulativeLost);
        Assert.Equal(0, second.FractionLost); // nothing lost in this interval
    }

    [Fact]
    public void Reordered_packets_fill_the_gap_without_moving_the_highest()
    {
        var stats = Create();
        foreach (ushort sequence in new ushort[] { 1, 2, 4, 3, 5 })
        {
            Assert.True(stats.OnPacket(sequence, 0, 100));
        }

        Assert.Equal(5u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CumulativeLost);
        Assert.Equal(0, stats.CreateReportBlock(_time.GetTimestamp()).FractionLost);
    }

    [Fact]
    public void Duplicates_make_cumulative_loss_negative_and_fraction_lost_zero()
    {
        var stats = Create();
        foreach (ushort sequence in new ushort[] { 1, 2, 2, 3, 3, 3 })
        {
            stats.OnPacket(sequence, 0, 100);
        }

        var block = stats.CreateReportBlock(_time.GetTimestamp());
        Assert.Equal(-3, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void Cumulative_loss_is_clamped_to_the_signed_24_bit_field()
    {
        var stats = Create();
        ushort sequence = 0;
        for (var i = 0; i < 3000; i++)
        {
            stats.OnPacket(sequence, 0, 100);
            sequence += 2999; // each step loses 2998 packets: a permissible gap (< MAX_DROPOUT)
        }

        Assert.True(stats.CumulativeLost > 0x7FFFFF);
        var block = stats.CreateReportBlock(_time.GetTimestamp());
        Assert.Equal(0x7FFFFF, block.CumulativeLost);

        // and the block is writable as is
        var buffer = new byte[64];
        Assert.Equal(32, RtcpReceiverReport.Write(buffer, 9, [block]));
    }

    [Fact]
    public void A_large_jump_is_believed_only_when_the_next_packet_follows_it()
    {
        var stats = Create();
        stats.OnPacket(100, 0, 1);
        stats.OnPacket(101, 0, 1);

        Assert.False(stats.OnPacket(20000, 0, 1)); // a stray: set aside
        Assert.True(stats.OnPacket(102, 0, 1));
        Assert.Equal(102u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(3, stats.PacketsReceived);

        Assert.False(stats.OnPacket(30000, 0, 1));
        Assert.True(stats.OnPacket(30001, 0, 1)); // confirmed: the sender restarted
        Assert.Equal(30001u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(1, stats.PacketsReceived);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void Constant_transit_time_has_no_jitter()
    {
        var stats = Create(clockRate: 8000);
        for (var i = 0; i < 50; i++)
        {
            stats.OnPacket((ushort)i, (uint)(i * 160), 100, _time.GetTimestamp());
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(0, stats.Jitter, 6);
    }

    [Fact]
    public void Jitter_follows_the_rfc_estimator_on_an_alternating_arrival_pattern()
    {
        // 20 ms packets (160 ticks at 8 kHz) arriving alternately on time and 10 ms late: |D| = 80 ticks each time,
        // so J_n = J_(n-1) + (80 - J_(n-1)) / 16.
        var stats = Create(clockRate: 8000);
        var start = _time.GetTimestamp();
        double expected = 0;
        for (var i = 0; i < 40; i++)
        {
            var arrival = start + (long)(((i * 20) + (i % 2 == 1 ? 10 : 0)) / 1000.0 * _time.TimestampFrequency);
            stats.OnPacket((ushort)i, (uint)(i * 160), 100, arrival);
            if (i > 0)
            {
                expected += (80 - expected) / 16;
            }
        }

        Assert.Equal(expected, stats.Jitter, 6);
        Assert.InRange(expected, 70, 80); // converging on |D|
        Assert.Equal(expected / 8000, stats.JitterTime.TotalSeconds, 6);
        Assert.Equal((uint)expected, stats.CreateReportBlock(_time.GetTimestamp()).Jitter);
    }

    [Fact]
    public void Jitter_survives_the_rtp_timestamp_wrapping()
    {
        var stats = Create(clockRate: 90000);
        var timestamp = uint.MaxValue - 3000;
        for (var i = 0; i < 10; i++)
        {
            stats.OnPacket((ushort)i, timestamp, 100, _time.GetTimestamp());
            timestamp = unchecked(timestamp + 3000);
            _time.Advance(TimeSpan.FromMilliseconds(1000.0 / 30));
        }

        Assert.True(stats.Jitter < 1, $"jitter {stats.Jitter}");
    }

    [Fact]
    public void The_last_sender_report_gives_lsr_and_dlsr()
    {
        var stats = Create();
        stats.OnPacket(1, 0, 100);
        Assert.Equal(0u, stats.CreateReportBlock(_time.GetTimestamp()).LastSenderReport);

        stats.OnSenderReport(0x1234_5678_9ABC_DEF0, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(1500));

        var block = stats.CreateReportBlock(_time.GetTimestamp());
        Assert.Equal(0x5678_9ABCu, block.LastSenderReport);
        Assert.Equal((uint)(1.5 * 65536), block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void Lsr_and_dlsr_of_our_report_give_the_sender_its_round_trip_time()
    {
        // The publisher sends an SR at t0; it reaches us 30 ms later; we answer 200 ms after that; our RR takes
        // 30 ms back. The publisher's RoundTripTime must come out at 60 ms.
        var publisherTime = new FakeTimeProvider();
        var publisherRtt = new RoundTripTime(publisherTime);
        var ntp = NtpTime.FromDateTimeOffset(publisherTime.GetUtcNow());
        publisherRtt.OnSenderReportSent(ntp, publisherTime.GetTimestamp());

        var stats = Create();
        stats.OnPacket(1, 0, 100);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        stats.OnSenderReport(ntp, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(200));
        var buffer = new byte[64];
        var length = RtcpReceiverReport.Write(buffer, 9, [stats.CreateReportBlock(_time.GetTimestamp())]);

        publisherTime.Advance(TimeSpan.FromMilliseconds(260));
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(RtcpReceiverReport.TryParse(packet, out var report));
        var block = report.GetReportBlock(0);
        Assert.True(publisherRtt.OnReportBlock(block.LastSenderReport, block.DelaySinceLastSenderReport, publisherTime.GetTimestamp()));
        Assert.Equal(60, publisherRtt.Latest.TotalMilliseconds, 0.1);
    }

    [Fact]
    public void Counting_a_packet_allocates_nothing()
    {
        var stats = Create();
        ushort sequence = 0;
        for (var i = 0; i < 1000; i++)
        {
            stats.OnPacket(sequence++, (uint)(i * 3000), 1200, _time.GetTimestamp());
        }

        Assert.Equal(0, SteadyStateAllocations.Measure(10_000, i =>
        {
            stats.OnPacket(sequence, (uint)(i * 3000), 1200, _time.GetTimestamp());
            sequence += (ushort)(i % 7 == 0 ? 2 : 1);
        }));
    }
}
