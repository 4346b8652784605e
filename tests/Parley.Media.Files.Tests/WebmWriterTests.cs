using Parley.Media.Files.Webm;
using Parley.Testing;

namespace Parley.Media.Files.Tests;

public sealed class WebmWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-webm-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_vp8_file_reads_back_with_its_track_every_block_at_its_time_and_a_duration()
    {
        var stream = new MemoryStream();
        using (var writer = new WebmWriter(stream, WebmTrack.Vp8(640, 360), leaveOpen: true))
        {
            writer.WriteFrame(TimeSpan.FromMilliseconds(1000), keyFrame: true, TestMedia.KeyFrame(640, 360));
            for (var i = 1; i < 30; i++)
            {
                writer.WriteFrame(TimeSpan.FromMilliseconds(1000 + (i * 33.3)), keyFrame: false, TestMedia.InterFrame(100 + i));
            }
        }

        var file = WebmFile.Parse(stream.ToArray());
        Assert.Equal("webm", file.DocType);
        Assert.True(file.SegmentSizeKnown);
        Assert.Equal(1_000_000UL, file.TimestampScale);
        Assert.Equal(1, file.TrackCount);
        Assert.Equal(1UL, file.TrackType);
        Assert.Equal("V_VP8", file.CodecId);
        Assert.Equal((640, 360), (file.PixelWidth, file.PixelHeight));
        Assert.Equal(30, file.Blocks.Count);
        Assert.True(file.Blocks[0].KeyFrame);
        Assert.All(file.Blocks.Skip(1), block => Assert.False(block.KeyFrame));
        Assert.Equal(1000, file.Blocks[0].Time);
        Assert.Equal(1000 + (int)(29 * 33.3), file.Blocks[^1].Time);
        Assert.Equal(TestMedia.InterFrame(129), file.Blocks[^1].Data);
        // The end of the last frame: its time plus the gap before it.
        Assert.Equal(file.Blocks[^1].Time + (file.Blocks[^1].Time - file.Blocks[^2].Time), file.Duration);
    }

    [Fact]
    public void Clusters_start_at_key_frames_and_at_least_every_five_seconds_and_the_cues_and_seek_head_point_at_what_they_name()
    {
        var stream = new MemoryStream();
        using (var writer = new WebmWriter(stream, WebmTrack.Vp8(320, 240), leaveOpen: true))
        {
            // 12 s at 10 fps; key frames at 0 s and 3 s only, so 3 s → 8 s and 8 s → 12 s have clusters without one.
            for (var i = 0; i < 120; i++)
            {
                var key = i is 0 or 30;
                writer.WriteFrame(TimeSpan.FromMilliseconds(i * 100), key, key ? TestMedia.KeyFrame(320, 240) : TestMedia.InterFrame());
            }
        }

        var file = WebmFile.Parse(stream.ToArray());
        Assert.Equal(3, file.Clusters.Count); // 0 s (key), 3 s (key), 8 s (5 s without a key frame)
        Assert.Equal(8000, file.Blocks.First(block => block.Time >= 8000).Time);
        Assert.Equal([(0L, file.Clusters[0]), (3000L, file.Clusters[1])], file.Cues);
        Assert.Equal(0x1F43B675u, file.ElementIdAt(file.Cues[1].ClusterPosition));
        Assert.Equal(0x1549A966u, file.ElementIdAt(file.SeekHead[0x1549A966]));
        Assert.Equal(0x1654AE6Bu, file.ElementIdAt(file.SeekHead[0x1654AE6B]));
        Assert.Equal(0x1C53BB6Bu, file.ElementIdAt(file.SeekHead[0x1C53BB6B]));
    }

    [Fact]
    public void An_opus_file_carries_OpusHead_the_codec_delay_and_the_seek_pre_roll_and_every_packet_is_a_key_frame()
    {
        var stream = new MemoryStream();
        using (var writer = new WebmWriter(stream, WebmTrack.Opus(channels: 2), leaveOpen: true))
        {
            for (var i = 0; i < 50; i++)
            {
                writer.WriteFrame(TimeSpan.FromMilliseconds(i * 20), keyFrame: false, new byte[] { 0xFC, (byte)i, 1, 2, 3 });
            }
        }

        var file = WebmFile.Parse(stream.ToArray());
        Assert.Equal("A_OPUS", file.CodecId);
        Assert.Equal(2UL, file.TrackType);
        Assert.Equal(48_000d, file.SamplingFrequency);
        Assert.Equal(2, file.Channels);
        Assert.Equal("OpusHead"u8.ToArray(), file.CodecPrivate[..8]);
        Assert.Equal(19, file.CodecPrivate.Length);
        Assert.Equal(2, file.CodecPrivate[9]);
        Assert.Equal(6_500_000UL, file.CodecDelay); // 312 samples at 48 kHz
        Assert.Equal(80_000_000UL, file.SeekPreRoll);
        Assert.Equal(50, file.Blocks.Count);
        Assert.All(file.Blocks, block => Assert.True(block.KeyFrame));
        Assert.Equal(1000d, file.Duration);
        Assert.NotEmpty(file.Cues);
    }

    [Fact]
    public void A_file_cut_short_before_it_was_finished_still_reads_up_to_its_last_block()
    {
        // A crash while recording: the segment and the open cluster keep the "unknown" size.
        var stream = new MemoryStream();
        var writer = new WebmWriter(stream, WebmTrack.Vp8(320, 240), leaveOpen: true);
        writer.WriteFrame(TimeSpan.Zero, keyFrame: true, TestMedia.KeyFrame(320, 240));
        for (var i = 1; i < 10; i++)
        {
            writer.WriteFrame(TimeSpan.FromMilliseconds(i * 33), keyFrame: false, TestMedia.InterFrame());
        }

        writer.WriteFrame(TimeSpan.FromMilliseconds(400), keyFrame: true, TestMedia.KeyFrame(320, 240));
        writer.WriteFrame(TimeSpan.FromMilliseconds(433), keyFrame: false, TestMedia.InterFrame());

        var file = WebmFile.Parse(stream.ToArray());
        Assert.False(file.SegmentSizeKnown);
        Assert.Null(file.Duration);
        Assert.Equal(12, file.Blocks.Count);
        Assert.Equal(2, file.Clusters.Count);
    }

    [Fact]
    public void A_stream_that_cannot_seek_gets_a_playable_file_with_unknown_sizes_and_cues_at_the_end()
    {
        var inner = new MemoryStream();
        using (var writer = new WebmWriter(new ForwardOnlyStream(inner), WebmTrack.Opus(), leaveOpen: true))
        {
            for (var i = 0; i < 10; i++)
            {
                writer.WriteFrame(TimeSpan.FromMilliseconds(i * 20), keyFrame: true, new byte[] { 0xFC, 1 });
            }
        }

        var file = WebmFile.Parse(inner.ToArray());
        Assert.False(file.SegmentSizeKnown);
        Assert.Equal(10, file.Blocks.Count);
        Assert.Single(file.Cues);
    }

    [Fact]
    public void A_frame_given_before_the_previous_one_is_written_at_the_previous_time()
    {
        var stream = new MemoryStream();
        using (var writer = new WebmWriter(stream, WebmTrack.Opus(), leaveOpen: true))
        {
            writer.WriteFrame(TimeSpan.FromMilliseconds(100), true, new byte[] { 1 });
            writer.WriteFrame(TimeSpan.FromMilliseconds(60), true, new byte[] { 2 });
            writer.WriteFrame(TimeSpan.FromMilliseconds(140), true, new byte[] { 3 });
        }

        Assert.Equal([100L, 100L, 140L], WebmFile.Parse(stream.ToArray()).Blocks.Select(block => block.Time));
    }

    [Fact]
    public void A_long_gap_between_frames_opens_a_new_cluster_rather_than_overflowing_the_block_time()
    {
        var stream = new MemoryStream();
        using (var writer = new WebmWriter(stream, WebmTrack.Opus(), leaveOpen: true))
        {
            writer.WriteFrame(TimeSpan.Zero, true, new byte[] { 1 });
            writer.WriteFrame(TimeSpan.FromMinutes(2), true, new byte[] { 2 });
        }

        var file = WebmFile.Parse(stream.ToArray());
        Assert.Equal([0L, 120_000L], file.Blocks.Select(block => block.Time));
        Assert.Equal(2, file.Clusters.Count);
    }

    [Fact]
    public async Task Ffprobe_reads_and_decodes_every_frame_of_a_file_made_from_libvpx_output()
    {
        var (frames, width, height) = await TestMedia.RealVp8FramesAsync();
        var path = Path.Combine(_directory, "camera.webm");
        using (var writer = new WebmWriter(File.Create(path), WebmTrack.Vp8(width, height), DateTimeOffset.UtcNow))
        {
            for (var i = 0; i < frames.Count; i++)
            {
                writer.WriteFrame(TimeSpan.FromSeconds(2 + (i / 30.0)), Codecs.Vp8KeyFrame.IsKeyFrame(frames[i]), frames[i]);
            }
        }

        using var probe = await Ffprobe.ProbeAsync(path);
        var stream = probe.RootElement.GetProperty("streams")[0];
        Assert.Equal("vp8", stream.GetProperty("codec_name").GetString());
        Assert.Equal(320, stream.GetProperty("width").GetInt32());
        Assert.Equal(240, stream.GetProperty("height").GetInt32());
        Assert.Equal(frames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), stream.GetProperty("nb_read_frames").GetString());
        var format = probe.RootElement.GetProperty("format");
        Assert.Equal("matroska,webm", format.GetProperty("format_name").GetString());
        Assert.InRange(double.Parse(format.GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 4.9, 5.1);
    }

    [Fact]
    public async Task Ffprobe_reads_and_decodes_every_packet_of_a_file_made_from_libopus_output()
    {
        var (packets, channels) = await TestMedia.RealOpusPacketsAsync();
        var path = Path.Combine(_directory, "microphone.webm");
        using (var writer = new WebmWriter(File.Create(path), WebmTrack.Opus(channels)))
        {
            for (var i = 0; i < packets.Count; i++)
            {
                writer.WriteFrame(TimeSpan.FromMilliseconds(500 + (i * 20)), keyFrame: true, packets[i]);
            }
        }

        using var probe = await Ffprobe.ProbeAsync(path);
        var stream = probe.RootElement.GetProperty("streams")[0];
        Assert.Equal("opus", stream.GetProperty("codec_name").GetString());
        Assert.Equal(48000, int.Parse(stream.GetProperty("sample_rate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(packets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), stream.GetProperty("nb_read_frames").GetString());
    }

    /// <summary>A stream that only goes forward (a pipe, a socket).</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
