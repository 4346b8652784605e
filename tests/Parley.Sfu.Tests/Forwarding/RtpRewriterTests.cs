using Microsoft.Extensions.Time.Testing;
using Parley.Sfu.Forwarding;

namespace Parley.Sfu.Tests.Forwarding;

public sealed class RtpRewriterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_first_packet_keeps_its_numbers_and_later_ones_follow_by_offset()
    {
        var rewriter = new RtpRewriter(_time, 90_000);
        Assert.True(rewriter.TryRewrite(100, 5000, 7, 3, out var first));
        Assert.True(rewriter.TryRewrite(101, 8000, 8, 3, out var second));

        Assert.Equal(new RtpRewriteResult(100, 5000, 7, 3), first);
        Assert.Equal(new RtpRewriteResult(101, 8000, 8, 3), second);
    }

    [Fact]
    public void A_switch_point_continues_from_the_last_output_with_elapsed_wall_time()
    {
        var rewriter = new RtpRewriter(_time, 90_000);
        rewriter.TryRewrite(100, 5000, 7, 3, out _);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        rewriter.RequestSync();

        Assert.True(rewriter.TryRewrite(40_000, 1_000_000, 20_000, 200, out var switched));

        Assert.Equal((ushort)101, switched.SequenceNumber);
        Assert.Equal(5000u + 9000u, switched.Timestamp); // 100 ms at 90 kHz
        Assert.Equal(8, switched.PictureId);
        Assert.Equal(4, switched.Tl0PicIdx);
        Assert.True(rewriter.TryRewrite(40_001, 1_000_000, 20_000, 200, out var sameFrame));
        Assert.Equal((ushort)102, sameFrame.SequenceNumber);
        Assert.Equal(switched.Timestamp, sameFrame.Timestamp);
    }

    [Fact]
    public void A_switch_point_without_elapsed_time_still_advances_the_timestamp()
    {
        var rewriter = new RtpRewriter(_time, 48_000);
        rewriter.TryRewrite(1, 960, -1, -1, out _);
        rewriter.RequestSync();
        Assert.True(rewriter.TryRewrite(9, 960, -1, -1, out var next));
        Assert.Equal(961u, next.Timestamp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30_000)]
    [InlineData(65_000)]
    public void Forwarding_goes_on_past_half_the_sequence_space_from_the_switch_point(int start)
    {
        // 200 packets/s of video reach 32,768 packets in under 3 minutes; every one of 3 × 65,536 must go out.
        var rewriter = new RtpRewriter(_time, 90_000);
        ushort expected = (ushort)start;
        for (var i = 0; i < 3 * 65_536; i++)
        {
            var sequence = (ushort)(start + i);
            Assert.True(rewriter.TryRewrite(sequence, (uint)i * 3000, -1, -1, out var output), $"packet {i} refused");
            Assert.Equal(expected++, output.SequenceNumber);
        }
    }

    [Fact]
    public void Skipped_packets_keep_the_numbering_current_past_half_the_sequence_space()
    {
        var rewriter = new RtpRewriter(_time, 90_000);
        for (var i = 0; i < 70_000; i++)
        {
            var sequence = (ushort)i;
            if (i % 2 == 1)
            {
                rewriter.Skip(sequence); // e.g. a temporal layer above the preferred one
            }
            else
            {
                Assert.True(rewriter.TryRewrite(sequence, (uint)i, -1, -1, out _), $"packet {i} refused");
            }
        }
    }

    [Fact]
    public void Packets_older_than_the_switch_point_are_refused()
    {
        var rewriter = new RtpRewriter(_time, 90_000);
        rewriter.TryRewrite(100, 0, -1, -1, out _);
        rewriter.RequestSync();
        rewriter.TryRewrite(500, 0, -1, -1, out _);
        Assert.False(rewriter.TryRewrite(499, 0, -1, -1, out _));
    }

    [Fact]
    public void Sequence_and_picture_id_wrap()
    {
        var rewriter = new RtpRewriter(_time, 90_000, new RtpRewriterState(65535, uint.MaxValue, _time.GetTimestamp(), 32767, 255));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(rewriter.TryRewrite(10, 0, 5, 9, out var next));
        Assert.Equal(new RtpRewriteResult(0, 899, 0, 0), next);
    }

    [Fact]
    public void A_skipped_packet_leaves_no_gap()
    {
        var rewriter = new RtpRewriter(_time, 90_000);
        rewriter.TryRewrite(10, 0, -1, -1, out _);
        rewriter.Skip(11);
        Assert.True(rewriter.TryRewrite(12, 0, -1, -1, out var next));
        Assert.Equal((ushort)11, next.SequenceNumber);
    }
}
