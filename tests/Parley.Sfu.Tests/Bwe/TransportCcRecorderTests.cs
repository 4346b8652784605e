using Microsoft.Extensions.Time.Testing;
using Parley.Rtp.Rtcp;
using Parley.Sfu.Bwe;

namespace Parley.Sfu.Tests.Bwe;

public sealed class TransportCcRecorderTests
{
    private readonly FakeTimeProvider _time = new();

    private long At(double milliseconds) => _time.GetTimestamp() + (long)(milliseconds / 1000 * _time.TimestampFrequency);

    /// <summary>Drains the recorder; returns, per sequence number reported, the reconstructed arrival (ms from the first packet's reference) or null for lost.</summary>
    private static (Dictionary<ushort, double?> Reports, List<(ushort Base, int Count, byte FeedbackCount)> Packets) Drain(TransportCcRecorder recorder, long now)
    {
        var reports = new Dictionary<ushort, double?>();
        var packets = new List<(ushort, int, byte)>();
        var buffer = new byte[1200];
        while (recorder.HasUnreported)
        {
            var length = recorder.WriteFeedback(buffer, 0x11, 0x22, now);
            Assert.InRange(length, 20, 1200);
            Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
            Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));
            Assert.Equal(0x11u, feedback.SenderSsrc);
            Assert.Equal(0x22u, feedback.MediaSsrc);
            packets.Add((feedback.BaseSequenceNumber, feedback.PacketStatusCount, feedback.FeedbackPacketCount));
            var arrivalUs = feedback.ReferenceTime * 64_000L;
            foreach (var entry in feedback.Packets)
            {
                if (entry.IsReceived)
                {
                    arrivalUs += entry.DeltaTicks * 250L;
                    reports.Add(entry.SequenceNumber, arrivalUs / 1000.0);
                }
                else
                {
                    reports.Add(entry.SequenceNumber, null);
                }
            }
        }

        return (reports, packets);
    }

    [Fact]
    public void Feedback_parses_back_to_the_arrivals_and_the_losses()
    {
        var recorder = new TransportCcRecorder(_time);
        double[] arrivals = [0, 1, 2.5, -1, -1, 30, 30.25, 100, 99, 101.75]; // -1: lost; 99 arrives reordered
        for (var i = 0; i < arrivals.Length; i++)
        {
            if (arrivals[i] >= 0)
            {
                recorder.OnPacket((ushort)(500 + i), At(arrivals[i]));
            }
        }

        var (reports, packets) = Drain(recorder, At(120));

        Assert.Single(packets);
        Assert.Equal((ushort)500, packets[0].Base);
        Assert.Equal(10, packets[0].Count);
        Assert.Equal((byte)0, packets[0].FeedbackCount);
        for (var i = 0; i < arrivals.Length; i++)
        {
            if (arrivals[i] < 0)
            {
                Assert.Null(reports[(ushort)(500 + i)]);
            }
            else
            {
                Assert.Equal(arrivals[i], reports[(ushort)(500 + i)]!.Value, 3);
            }
        }
    }

    [Fact]
    public void A_large_gap_is_reported_as_lost_and_the_packets_after_it_keep_their_times()
    {
        var recorder = new TransportCcRecorder(_time);
        for (var i = 0; i < 5; i++)
        {
            recorder.OnPacket((ushort)(65530 + i), At(i));
        }

        for (var i = 0; i < 5; i++)
        {
            recorder.OnPacket((ushort)(3000 + i), At(50 + i)); // 3001 sequence numbers lost, across the wrap
        }

        var (reports, packets) = Drain(recorder, At(60));

        Assert.Equal(5 + 3001 + 5, reports.Count); // 65535 and 0..2999 lost
        Assert.Equal(2, packets.Count); // more statuses than one feedback carries
        Assert.Equal([(byte)0, (byte)1], packets.Select(p => p.FeedbackCount));
        Assert.Equal((ushort)65530, packets[0].Base);
        Assert.Equal((ushort)(65530 + packets[0].Count), packets[1].Base);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i, reports[(ushort)(65530 + i)]!.Value, 3);
            Assert.Equal(50 + i, reports[(ushort)(3000 + i)]!.Value, 3);
        }

        Assert.Equal(3001, reports.Values.Count(v => v is null));
    }

    [Fact]
    public void A_delta_too_large_for_16_bits_starts_a_new_feedback_with_its_own_reference_time()
    {
        var recorder = new TransportCcRecorder(_time);
        recorder.OnPacket(1, At(0));
        recorder.OnPacket(2, At(5));
        recorder.OnPacket(3, At(10_005)); // 10 s later: beyond ±8.19 s of 250 µs ticks

        var (reports, packets) = Drain(recorder, At(10_010));

        Assert.Equal(2, packets.Count);
        Assert.Equal(0, reports[1]!.Value, 3);
        Assert.Equal(5, reports[2]!.Value, 3);
        Assert.Equal(10_005, reports[3]!.Value, 3);
    }

    [Fact]
    public void Feedback_is_due_every_50_ms_or_when_many_packets_wait()
    {
        var recorder = new TransportCcRecorder(_time);
        Assert.False(recorder.IsFeedbackDue(At(0)));

        recorder.OnPacket(1, At(0));
        Assert.False(recorder.IsFeedbackDue(At(10)));
        Assert.True(recorder.IsFeedbackDue(At(50)));

        recorder.WriteFeedback(new byte[1200], 1, 2, At(50));
        Assert.False(recorder.HasUnreported);
        Assert.False(recorder.IsFeedbackDue(At(200)));

        for (var i = 2; i < 202; i++)
        {
            recorder.OnPacket((ushort)i, At(51));
        }

        Assert.True(recorder.IsFeedbackDue(At(52)));
    }

    [Fact]
    public void Arrivals_of_already_reported_numbers_are_ignored()
    {
        var recorder = new TransportCcRecorder(_time);
        recorder.OnPacket(1, At(0));
        recorder.OnPacket(3, At(1));
        Drain(recorder, At(2));

        recorder.OnPacket(2, At(3));

        Assert.False(recorder.HasUnreported);
        Assert.Equal(1, recorder.LateArrivals);
    }

    [Fact]
    public void Recording_an_arrival_allocates_nothing()
    {
        var recorder = new TransportCcRecorder(_time);
        var buffer = new byte[1200];
        ushort sequence = 0;
        for (var i = 0; i < 2000; i++)
        {
            Step(i);
        }

        Assert.Equal(0, SteadyStateAllocations.Measure(20_000, Step));

        void Step(int i)
        {
            recorder.OnPacket(sequence, _time.GetTimestamp());
            sequence += (ushort)(i % 13 == 0 ? 2 : 1);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            if (recorder.IsFeedbackDue(_time.GetTimestamp()))
            {
                recorder.WriteFeedback(buffer, 1, 2, _time.GetTimestamp());
            }
        }
    }
}
