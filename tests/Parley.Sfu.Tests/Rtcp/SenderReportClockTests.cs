using Microsoft.Extensions.Time.Testing;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu.Tests.Rtcp;

public sealed class SenderReportClockTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void No_sender_report_can_be_made_before_the_publisher_sent_one()
    {
        var clock = new SenderReportClock(90000, _time);

        Assert.False(clock.HasMapping);
        Assert.False(clock.TryGetSenderReport(0, out _, out _));
    }

    [Fact]
    public void The_rtp_timestamp_advances_with_our_clock_since_the_publisher_report_arrived()
    {
        var clock = new SenderReportClock(90000, _time);
        clock.OnSenderReport(0xE000_0000_0000_0000, 1_000_000, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.True(clock.TryGetSenderReport(0, out var ntp, out var rtp));
        Assert.Equal(1_000_000u + 45_000, rtp);
        Assert.Equal(NtpTime.FromDateTimeOffset(_time.GetUtcNow()), ntp);
    }

    [Fact]
    public void The_consumer_timestamp_offset_is_added_and_wraps()
    {
        var clock = new SenderReportClock(48000, _time);
        clock.OnSenderReport(0, uint.MaxValue - 100, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(20));

        Assert.True(clock.TryGetSenderReport(1000, out _, out var rtp));
        Assert.Equal(unchecked(uint.MaxValue - 100 + 960 + 1000), rtp);
    }

    [Fact]
    public void Audio_and_video_of_one_publisher_stay_in_sync_for_a_consumer()
    {
        // The publisher captured audio timestamp 5000 and video timestamp 70000 at the same NTP instant; its two
        // SRs arrive 40 ms apart. Our SRs sent together must map to the same instant in both clocks.
        var publisherNtp = NtpTime.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));
        var audio = new SenderReportClock(48000, _time);
        var video = new SenderReportClock(90000, _time);
        audio.OnSenderReport(publisherNtp, 5000, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(40));
        video.OnSenderReport(publisherNtp + (ulong)(0.040 * 4294967296.0), 70000 + 3600, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(960));

        Assert.True(audio.TryGetSenderReport(0, out var audioNtp, out var audioRtp));
        Assert.True(video.TryGetSenderReport(0, out var videoNtp, out var videoRtp));

        Assert.Equal(audioNtp, videoNtp);
        var audioSeconds = (audioRtp - 5000) / 48000.0;
        var videoSeconds = (videoRtp - 70000) / 90000.0;
        Assert.Equal(audioSeconds, videoSeconds, 3);
        Assert.Equal(1.0, audioSeconds, 3);
    }

    [Fact]
    public void A_publisher_ntp_time_maps_to_its_rtp_clock()
    {
        var clock = new SenderReportClock(90000, _time);
        var ntp = 0x0000_1000_0000_0000UL;
        clock.OnSenderReport(ntp, 90000, _time.GetTimestamp());

        Assert.True(clock.TryMapNtpToRtp(ntp + (2UL << 32), out var later));
        Assert.Equal(90000u * 3, later);
        Assert.True(clock.TryMapNtpToRtp(ntp - (1UL << 31), out var earlier)); // half a second before
        Assert.Equal(45000u, earlier);
    }

    [Fact]
    public void Ntp_timestamps_count_seconds_since_1900()
    {
        var ntp = NtpTime.FromDateTimeOffset(new DateTimeOffset(1970, 1, 1, 0, 0, 0, 500, TimeSpan.Zero));

        Assert.Equal(2_208_988_800UL, ntp >> 32);
        Assert.Equal(0x8000_0000UL, ntp & 0xFFFF_FFFF);
        Assert.Equal(0x7E80_8000u, NtpTime.MiddleBits(ntp)); // low 16 bits of the seconds (0x83AA7E80), high 16 of the fraction
    }
}
