using System.Net;
using Microsoft.Extensions.Time.Testing;
using Parley.Rtp;
using Parley.Rtp.Rtcp;
using Parley.Sdp;
using Parley.WebRtc.Client;
using Parley.WebRtc.Echo;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>
/// The echo's receiver reports against RFC 3550 §6.4.1 and Appendices A.1, A.3 and A.8: interarrival jitter from
/// the server's clock, fraction and cumulative loss with reordering, duplicates and wrap-around, LSR/DLSR.
/// </summary>
public sealed class EchoReceiverReportTests
{
    private const uint ReporterSsrc = 0x5E5E_5E5E;
    private const uint VideoSsrc = 0x0102_0304;
    private const uint AudioSsrc = 0x0A0B_0C0D;
    private const byte Vp8 = 96;
    private const byte Opus = 111;

    private static readonly EchoClockRates BrowserRates = new([new(Vp8, 90_000), new(Opus, 48_000)]);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));

    [Fact]
    public void Packets_arriving_exactly_as_their_timestamps_advance_have_zero_jitter()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);
        for (int i = 0; i < 50; i++)
        {
            // 20 ms Opus frames: 960 ticks of the 48 kHz clock, arriving every 20 ms.
            Receive(stats, Opus, AudioSsrc, (ushort)i, 960u * (uint)i);
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        var block = Assert.Single(Report(stats));
        Assert.Equal(0u, block.Jitter);
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal(49u, block.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Jitter_follows_the_rfc_3550_estimator_for_a_known_pattern_of_arrival_offsets()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);

        // Video at 90 kHz, one packet per 20 ms of media (1,800 timestamp units each).
        // Gaps between arrivals: 20, 30, 10, 20 ms = 1,800, 2,700, 900, 1,800 units, so by RFC 3550 A.8
        // D = 0, +900, −900, 0 and J += (|D| − J) / 16:
        //   J1 = 0
        //   J2 = 0 + (900 − 0) / 16                         = 56.25
        //   J3 = 56.25 + (900 − 56.25) / 16                 = 108.984375
        //   J4 = 108.984375 + (0 − 108.984375) / 16         = 102.1728515625  → reported as 102
        int[] gapsMs = [20, 30, 10, 20];
        Receive(stats, Vp8, VideoSsrc, 0, 1_000_000);
        for (int i = 0; i < gapsMs.Length; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(gapsMs[i]));
            Receive(stats, Vp8, VideoSsrc, (ushort)(i + 1), 1_000_000u + (1_800u * (uint)(i + 1)));
        }

        var block = Assert.Single(Report(stats));
        Assert.Equal(102u, block.Jitter);
    }

    [Fact]
    public void Jitter_is_measured_in_the_clock_units_of_the_streams_payload_type()
    {
        // The same 10 ms arrival disturbance is 480 units at 48 kHz but 900 at 90 kHz.
        var stats = new EchoReceptionStats(_time, BrowserRates);
        Receive(stats, Opus, AudioSsrc, 0, 0);
        Receive(stats, Vp8, VideoSsrc, 0, 0);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        Receive(stats, Opus, AudioSsrc, 1, 960);
        Receive(stats, Vp8, VideoSsrc, 1, 1_800);

        var blocks = Report(stats).ToDictionary(block => block.Ssrc);
        Assert.Equal(30u, blocks[AudioSsrc].Jitter); // 480 / 16
        Assert.Equal(56u, blocks[VideoSsrc].Jitter); // 900 / 16 = 56.25
    }

    [Fact]
    public void Rtp_timestamps_wrapping_past_two_to_the_32_do_not_look_like_jitter()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);
        uint timestamp = uint.MaxValue - 1_000;
        for (int i = 0; i < 10; i++)
        {
            Receive(stats, Vp8, VideoSsrc, (ushort)i, timestamp);
            timestamp = unchecked(timestamp + 1_800);
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(0u, Assert.Single(Report(stats)).Jitter);
    }

    [Fact]
    public void A_payload_type_that_was_not_negotiated_reports_no_jitter_rather_than_a_wrong_one()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);
        Receive(stats, 100, VideoSsrc, 0, 0);
        _time.Advance(TimeSpan.FromMilliseconds(55));
        Receive(stats, 100, VideoSsrc, 1, 1_800);

        var block = Assert.Single(Report(stats));
        Assert.Equal(0u, block.Jitter);
        Assert.Equal(1u, block.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Loss_and_reordering_give_the_rfc_fraction_and_cumulative_loss_per_interval()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);

        // Interval 1: 0..9 with 5 and 8 missing and 3/4 swapped. Expected 10, received 8:
        // cumulative 2, fraction 2·256/10 = 51.2 → 51.
        ReceiveAll(stats, 0, 1, 2, 4, 3, 6, 7, 9);
        var first = Assert.Single(Report(stats));
        Assert.Equal(2, first.CumulativeLost);
        Assert.Equal(51, first.FractionLost);
        Assert.Equal(9u, first.ExtendedHighestSequenceNumber);

        // Interval 2: 10..19 with 12, 13, 14 missing. Expected 10 more, received 7: fraction 3·256/10 = 76.8 → 76.
        ReceiveAll(stats, 10, 11, 15, 16, 17, 18, 19);
        var second = Assert.Single(Report(stats));
        Assert.Equal(5, second.CumulativeLost);
        Assert.Equal(76, second.FractionLost);
        Assert.Equal(19u, second.ExtendedHighestSequenceNumber);

        // Interval 3: the late 8 arrives plus 20..22 with 21 duplicated: 3 expected, 5 received.
        // Negative interval loss reports fraction 0; cumulative drops by the two extra packets to 3.
        ReceiveAll(stats, 8, 20, 21, 21, 22);
        var third = Assert.Single(Report(stats));
        Assert.Equal(3, third.CumulativeLost);
        Assert.Equal(0, third.FractionLost);
        Assert.Equal(22u, third.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void The_extended_highest_sequence_counts_cycles_when_the_16_bit_number_wraps()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);
        ReceiveAll(stats, 65_533, 65_534, 0, 65_535, 1, 2);

        var block = Assert.Single(Report(stats));
        Assert.Equal(0x0001_0002u, block.ExtendedHighestSequenceNumber); // one cycle (2^16) + 2
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void A_single_wild_sequence_jump_is_ignored_but_two_in_a_row_restart_the_statistics()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);
        ReceiveAll(stats, 100, 101, 102);

        // RFC 3550 A.1: a jump beyond MAX_DROPOUT is not believed until the next packet follows it.
        ReceiveAll(stats, 40_000, 103);
        var block = Assert.Single(Report(stats));
        Assert.Equal(103u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(0, block.CumulativeLost);

        // The sender restarted: 30,000 then 30,001 — the statistics start again from 30,001, the packet that
        // confirmed the jump (A.1 init_seq), so 30,001..30,003 are expected and 30,002 is lost.
        ReceiveAll(stats, 30_000, 30_001, 30_003);
        block = Assert.Single(Report(stats));
        Assert.Equal(30_003u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(1, block.CumulativeLost);
    }

    [Fact]
    public void Lsr_is_the_middle_of_the_senders_ntp_time_and_dlsr_the_delay_since_in_65536ths_of_a_second()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);
        Receive(stats, Vp8, VideoSsrc, 1, 0);
        Assert.Equal(0u, Assert.Single(Report(stats)).LastSenderReport); // no SR yet: LSR and DLSR are 0

        stats.OnSenderReport(VideoSsrc, 0x0123_4567_89AB_CDEFul, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(1_500));

        var block = Assert.Single(Report(stats));
        Assert.Equal(0x4567_89ABu, block.LastSenderReport);
        Assert.Equal(98_304u, block.DelaySinceLastSenderReport); // 1.5 × 65,536
    }

    [Fact]
    public void Clock_rates_come_from_the_negotiated_payload_types_including_rtx()
    {
        var offerTransport = new LocalTransportParameters("offerufrag", "offerpasswordoffer1234", Parley.Dtls.DtlsFingerprint.FromDigest("sha-256", Enumerable.Repeat((byte)0xAB, 32).ToArray()))
        {
            IceLite = false,
        };
        var audio = new OfferMediaSection("0", MediaDescription.Audio) { Direction = MediaDirection.SendRecv };
        audio.Codecs.Add(OfferCodec.Opus(109));
        var video = new OfferMediaSection("1", MediaDescription.Video) { Direction = MediaDirection.SendRecv };
        video.Codecs.Add(OfferCodec.Vp8(120, rtxPayloadType: 121));
        var offer = SdpOfferBuilder.Build(new SdpOfferOptions(offerTransport), [audio, video]);

        var answerOptions = new SdpAnswerOptions(new LocalTransportParameters("answerufrag", "answerpasswordanswer12", Parley.Dtls.DtlsFingerprint.FromDigest("sha-256", Enumerable.Repeat((byte)0xCD, 32).ToArray())));
        answerOptions.Codecs.Add(CodecCapability.Opus);
        answerOptions.Codecs.Add(CodecCapability.Vp8);
        answerOptions.Codecs.Add(CodecCapability.VideoRtx);
        Assert.True(SdpAnswerBuilder.TryBuild(offer, answerOptions, out var negotiation, out var error), error);

        var rates = EchoClockRates.FromNegotiation(negotiation!);
        Assert.Equal(48_000, rates.GetClockRate(109));
        Assert.Equal(90_000, rates.GetClockRate(120));
        Assert.Equal(90_000, rates.GetClockRate(121));
        Assert.Equal(0, rates.GetClockRate(111)); // not in this negotiation
        Assert.Equal(0, rates.GetClockRate(200)); // not a payload type at all
    }

    [Fact]
    public void Clock_rates_given_by_hand_reject_impossible_payload_types_and_rates()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EchoClockRates([new(128, 90_000)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EchoClockRates([new(96, 0)]));
    }

    [Fact]
    public void Packets_too_short_to_be_rtp_are_ignored()
    {
        var stats = new EchoReceptionStats(_time, BrowserRates);
        stats.OnRtp(new byte[11], _time.GetTimestamp());
        Assert.Empty(Report(stats));
    }

    [Fact]
    public async Task The_client_receives_receiver_reports_with_the_servers_jitter_and_loss_over_loopback()
    {
        await using var server = WebRtcTestFactory.StartServer(_time);
        await using var client = new WebRtcClientConnection();
        var transport = server.CreateTransport(WebRtcTestFactory.Settings(client.Certificate, client.LocalIce.UsernameFragment));
        await client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)], transport.LocalIce.UsernameFragment, transport.LocalIce.Password, transport.LocalFingerprint);
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);

        var reportInterval = TimeSpan.FromSeconds(5);
        using var echo = new EchoReflector(transport, _time, reportInterval, BrowserRates);
        var blocks = new List<RtcpReportBlock>();
        client.RtcpReceived += packet =>
        {
            foreach (var rtcp in RtcpCompound.Enumerate(packet))
            {
                if (RtcpReceiverReport.TryParse(rtcp, out var report))
                {
                    lock (blocks)
                    {
                        for (int i = 0; i < report.ReportCount; i++)
                        {
                            blocks.Add(report.GetReportBlock(i));
                        }
                    }
                }
            }
        };
        client.RtpReceived += _ => { };

        // The arrival pattern of the jitter test above (gaps 20, 30, 10, 20 ms → J = 102), with sequence 3 lost.
        // Each packet is waited for before the fake clock moves, so the server stamps it at a known time.
        int[] gapsMs = [0, 20, 30, 10, 20];
        ushort[] sequences = [0, 1, 2, 4, 5];
        var buffer = new byte[200];
        for (int i = 0; i < gapsMs.Length; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(gapsMs[i]));
            var writer = new RtpPacketWriter(buffer, Vp8, sequences[i], 1_000_000u + (1_800u * (uint)i), VideoSsrc);
            writer.WritePayload(new byte[100]);
            Assert.True(client.SendRtp(writer.Written));
            long expected = i + 1;
            await WebRtcTestFactory.EventuallyAsync(() => transport.GetStats().RtpPacketsIn == expected);
        }

        _time.Advance(reportInterval);
        await WebRtcTestFactory.EventuallyAsync(() => { lock (blocks) { return blocks.Count > 0; } }, because: "no receiver report reached the client");

        RtcpReportBlock block;
        lock (blocks)
        {
            block = Assert.Single(blocks);
        }

        Assert.Equal(VideoSsrc, block.Ssrc);
        Assert.Equal(102u, block.Jitter);
        Assert.Equal(5u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal(42, block.FractionLost); // 1 of 6 expected: 256 / 6 = 42.67 → 42
    }

    private void Receive(EchoReceptionStats stats, byte payloadType, uint ssrc, ushort sequence, uint rtpTimestamp)
    {
        Span<byte> packet = stackalloc byte[40];
        var writer = new RtpPacketWriter(packet, payloadType, sequence, rtpTimestamp, ssrc);
        writer.WritePayload(new byte[20]);
        stats.OnRtp(writer.Written, _time.GetTimestamp());
    }

    private void ReceiveAll(EchoReceptionStats stats, params int[] sequences)
    {
        foreach (int sequence in sequences)
        {
            Receive(stats, Vp8, VideoSsrc, (ushort)sequence, (uint)sequence * 1_800);
        }
    }

    private List<RtcpReportBlock> Report(EchoReceptionStats stats)
    {
        var output = new byte[EchoReceptionStats.MaxReceiverReportLength];
        int length = stats.WriteReceiverReport(output, ReporterSsrc, _time.GetTimestamp());
        var blocks = new List<RtcpReportBlock>();
        int packets = 0;
        foreach (var packet in RtcpCompound.Enumerate(output.AsSpan(0, length)))
        {
            packets++;
            Assert.True(RtcpReceiverReport.TryParse(packet, out var report));
            Assert.Equal(ReporterSsrc, report.Ssrc);
            for (int i = 0; i < report.ReportCount; i++)
            {
                blocks.Add(report.GetReportBlock(i));
            }
        }

        Assert.Equal(1, packets);
        return blocks;
    }
}
