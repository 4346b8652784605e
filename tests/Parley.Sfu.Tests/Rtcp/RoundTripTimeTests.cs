using Microsoft.Extensions.Time.Testing;
using Parley.Sfu.Rtcp;

namespace Parley.Sfu.Tests.Rtcp;

public sealed class RoundTripTimeTests
{
    private readonly FakeTimeProvider _time = new();

    private ulong SendReport(RoundTripTime rtt)
    {
        var ntp = NtpTime.FromDateTimeOffset(_time.GetUtcNow());
        rtt.OnSenderReportSent(ntp, _time.GetTimestamp());
        return ntp;
    }

    [Fact]
    public void Rtt_is_arrival_minus_send_minus_the_receiver_delay()
    {
        var rtt = new RoundTripTime(_time);
        var ntp = SendReport(rtt);
        _time.Advance(TimeSpan.FromMilliseconds(350));

        Assert.True(rtt.OnReportBlock(NtpTime.MiddleBits(ntp), NtpTime.ToShortUnits(TimeSpan.FromMilliseconds(250)), _time.GetTimestamp()));
        Assert.Equal(100, rtt.Latest.TotalMilliseconds, 0.1);
        Assert.Equal(rtt.Latest, rtt.Smoothed);
        Assert.True(rtt.HasValue);
    }

    [Fact]
    public void The_smoothed_rtt_moves_an_eighth_towards_each_sample()
    {
        var rtt = new RoundTripTime(_time);
        var first = SendReport(rtt);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        rtt.OnReportBlock(NtpTime.MiddleBits(first), 0, _time.GetTimestamp());

        _time.Advance(TimeSpan.FromSeconds(1));
        var second = SendReport(rtt);
        _time.Advance(TimeSpan.FromMilliseconds(180));
        rtt.OnReportBlock(NtpTime.MiddleBits(second), 0, _time.GetTimestamp());

        Assert.Equal(180, rtt.Latest.TotalMilliseconds, 0.1);
        Assert.Equal(110, rtt.Smoothed.TotalMilliseconds, 0.1);
    }

    [Fact]
    public void Blocks_without_a_known_sender_report_give_no_sample()
    {
        var rtt = new RoundTripTime(_time, history: 2);
        var oldest = SendReport(rtt);
        _time.Advance(TimeSpan.FromSeconds(1));
        var middle = SendReport(rtt);
        _time.Advance(TimeSpan.FromSeconds(1));
        SendReport(rtt);

        Assert.False(rtt.OnReportBlock(0, 0, _time.GetTimestamp()));           // peer has no SR of ours yet
        Assert.False(rtt.OnReportBlock(NtpTime.MiddleBits(oldest), 0, _time.GetTimestamp())); // forgotten
        Assert.False(rtt.OnReportBlock(NtpTime.MiddleBits(middle), NtpTime.ToShortUnits(TimeSpan.FromSeconds(5)), _time.GetTimestamp())); // negative
        Assert.False(rtt.HasValue);
        Assert.True(rtt.OnReportBlock(NtpTime.MiddleBits(middle), 0, _time.GetTimestamp()));
        Assert.Equal(1000, rtt.Latest.TotalMilliseconds, 0.1);
    }
}
