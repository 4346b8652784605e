using Parley.Client.Media;
using Parley.Media.Files.Recording;
using Parley.Media.Files.Rtp;
using Parley.Media.Files.Webm;
using Parley.Testing;

namespace Parley.Media.Files.Tests;

public sealed class RtpTrackRecorderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-rtp-recorder-").FullName;
    private readonly List<MemoryStream> _files = [];
    private readonly List<WebmTrack> _tracks = [];
    private int _keyFrameRequests;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private RtpTrackRecorder VideoRecorder(TimeSpan? maxDelay = null) => new(
        new RtpTrackRecorderOptions(RecordedCodec.Vp8, 90_000) { MaxReorderDelay = maxDelay ?? TimeSpan.FromMilliseconds(300) },
        Open, () => _keyFrameRequests++);

    private MemoryStream Open(WebmTrack track)
    {
        _tracks.Add(track);
        var stream = new MemoryStream();
        _files.Add(stream);
        return stream;
    }

    /// <summary>RTP packets of one VP8 frame (descriptor + payload of at most 300 bytes each).</summary>
    private sealed class Vp8Sender(ushort firstSequence = 1000, uint firstTimestamp = 5000)
    {
        private readonly Vp8Packetizer _packetizer = new(300);
        private ushort _sequence = firstSequence;

        public List<RecordedPacket> Frame(byte[] frame, int index, double arrivalMs)
        {
            var packets = new List<RecordedPacket>();
            var buffer = new byte[300];
            for (var i = 0; i < _packetizer.CountPayloads(frame.Length); i++)
            {
                var length = _packetizer.WritePayload(frame, i, buffer, out var last);
                packets.Add(RecordedPacket.Copy(_sequence++, firstTimestamp + (uint)(index * 3000), last, TimeSpan.FromMilliseconds(arrivalMs), buffer.AsSpan(0, length)));
            }

            _packetizer.NextPicture();
            return packets;
        }
    }

    [Fact]
    public void Video_is_written_from_its_first_key_frame_at_that_frames_size_and_at_rtp_times_after_its_arrival()
    {
        var sender = new Vp8Sender();
        var recorder = VideoRecorder();
        var opened = 0;
        recorder.FileOpened += _ => opened++;
        for (var i = 0; i < 3; i++)
        {
            foreach (var packet in sender.Frame(TestMedia.InterFrame(500), i, 1000 + (i * 33)))
            {
                recorder.Push(packet);
            }
        }

        foreach (var packet in sender.Frame(TestMedia.KeyFrame(640, 480, size: 900), 3, 1200))
        {
            recorder.Push(packet);
        }

        Assert.Equal(1, _keyFrameRequests); // asked at once, not again within the retry interval
        for (var i = 4; i < 10; i++)
        {
            foreach (var packet in sender.Frame(TestMedia.InterFrame(400), i, 1200 + ((i - 3) * 35)))
            {
                recorder.Push(packet);
            }
        }

        Assert.Equal(3, recorder.FramesSkipped);
        recorder.Finish();
        Assert.Equal(1, opened);
        Assert.Equal(WebmTrack.Vp8(640, 480) with { }, _tracks[0]);
        var file = WebmFile.Parse(_files[0].ToArray());
        Assert.Equal(7, file.Blocks.Count);
        Assert.True(file.Blocks[0].KeyFrame);
        Assert.Equal(TestMedia.KeyFrame(640, 480, size: 900), file.Blocks[0].Data);
        // Frame n is at 1200 ms + (n - 3) × 33.3 ms: the RTP clock, not the arrival jitter.
        Assert.Equal([1200L, 1233, 1266, 1300, 1333, 1366, 1400], file.Blocks.Select(block => block.Time));
    }

    [Fact]
    public void After_a_lost_packet_frames_are_dropped_until_the_next_key_frame_which_is_asked_for()
    {
        var sender = new Vp8Sender();
        var recorder = VideoRecorder();
        
        foreach (var packet in sender.Frame(TestMedia.KeyFrame(320, 240), 0, 0))
        {
            recorder.Push(packet);
        }

        var requestsBefore = _keyFrameRequests;
        var lossy = sender.Frame(TestMedia.InterFrame(700), 1, 33);
        lossy[1].Return();
        lossy.RemoveAt(1); // a packet in the middle of frame 1 never comes
        foreach (var packet in lossy)
        {
            recorder.Push(packet);
        }

        for (var i = 2; i < 5; i++)
        {
            foreach (var packet in sender.Frame(TestMedia.InterFrame(200), i, i * 33))
            {
                recorder.Push(packet);
            }
        }

        recorder.Tick(TimeSpan.FromMilliseconds(500)); // the hole has waited long enough
        Assert.Equal(requestsBefore + 1, _keyFrameRequests);
        Assert.Equal(1, recorder.PacketsLost);
        recorder.Tick(TimeSpan.FromMilliseconds(1600));
        Assert.Equal(requestsBefore + 2, _keyFrameRequests); // asked again while none came

        foreach (var packet in sender.Frame(TestMedia.KeyFrame(320, 240), 5, 1700))
        {
            recorder.Push(packet);
        }

        foreach (var packet in sender.Frame(TestMedia.InterFrame(200), 6, 1733))
        {
            recorder.Push(packet);
        }

        recorder.Finish();
        var file = WebmFile.Parse(_files[0].ToArray());
        Assert.Equal([true, true, false], file.Blocks.Select(block => block.KeyFrame));
        Assert.Equal([0L, 166, 200], file.Blocks.Select(block => block.Time));
        Assert.Equal(4, recorder.FramesSkipped + recorder.FramesIncomplete);
    }

    [Fact]
    public void Packets_that_arrive_out_of_order_still_make_whole_frames_in_order()
    {
        var sender = new Vp8Sender(firstSequence: 65530);
        var recorder = VideoRecorder();
        var packets = new List<RecordedPacket>();
        packets.AddRange(sender.Frame(TestMedia.KeyFrame(320, 240, size: 800), 0, 0));
        packets.AddRange(sender.Frame(TestMedia.InterFrame(600), 1, 33));
        packets.AddRange(sender.Frame(TestMedia.InterFrame(600), 2, 66));
        // Swap neighbours throughout: every packet overtakes or is overtaken (across the sequence wrap, too).
        for (var i = 0; i + 1 < packets.Count; i += 2)
        {
            (packets[i], packets[i + 1]) = (packets[i + 1], packets[i]);
        }

        foreach (var packet in packets)
        {
            recorder.Push(packet);
        }

        recorder.Finish();
        var file = WebmFile.Parse(_files[0].ToArray());
        Assert.Equal(3, file.Blocks.Count);
        Assert.Equal(TestMedia.InterFrame(600), file.Blocks[2].Data);
        Assert.Equal(0, recorder.PacketsLost);
        Assert.Equal(1, _keyFrameRequests); // only the first one, before any key frame had come
    }

    [Fact]
    public void Audio_goes_on_across_a_gap_at_the_time_the_rtp_clock_gives()
    {
        var recorder = new RtpTrackRecorder(new RtpTrackRecorderOptions(RecordedCodec.Opus, 48_000), Open, () => _keyFrameRequests++);
        ushort sequence = 7;
        for (var i = 0; i < 20; i++)
        {
            if (i is >= 5 and < 8)
            {
                sequence++; // three packets lost
                continue;
            }

            recorder.Push(RecordedPacket.Copy(sequence++, (uint)(960 * i), false, TimeSpan.FromMilliseconds(300 + (i * 20)), [0xFC, (byte)i]));
        }

        recorder.Finish();
        var file = WebmFile.Parse(_files[0].ToArray());
        Assert.Equal("A_OPUS", file.CodecId);
        Assert.Equal(17, file.Blocks.Count);
        Assert.Equal(300 + (8 * 20), file.Blocks[5].Time);
        Assert.Equal(0, _keyFrameRequests);
        Assert.Equal(3, recorder.PacketsLost);
    }

    [Fact]
    public void A_restart_on_another_stream_waits_for_its_key_frame_and_continues_the_timeline()
    {
        var recorder = VideoRecorder();
        var low = new Vp8Sender(100, 1_000_000);
        foreach (var packet in low.Frame(TestMedia.KeyFrame(320, 180), 0, 0).Concat(low.Frame(TestMedia.InterFrame(), 1, 33)))
        {
            recorder.Push(packet);
        }

        var requests = _keyFrameRequests;
        recorder.Restart(TimeSpan.FromMilliseconds(60));
        Assert.Equal(requests + 1, _keyFrameRequests);
        var high = new Vp8Sender(40_000, 77);
        foreach (var packet in high.Frame(TestMedia.InterFrame(), 0, 70)
                     .Concat(high.Frame(TestMedia.KeyFrame(1280, 720), 1, 100))
                     .Concat(high.Frame(TestMedia.InterFrame(), 2, 135)))
        {
            recorder.Push(packet);
        }

        recorder.Finish();
        var file = WebmFile.Parse(_files[0].ToArray());
        Assert.Equal((320, 180), (file.PixelWidth, file.PixelHeight)); // the file keeps its first size; the decoder follows the key frame
        Assert.Equal([0L, 33, 100, 133], file.Blocks.Select(block => block.Time));
    }

    [Fact]
    public void A_stream_without_a_usable_key_frame_makes_no_file()
    {
        var recorder = VideoRecorder();
        var sender = new Vp8Sender();
        foreach (var packet in sender.Frame(TestMedia.InterFrame(), 0, 0).Concat(sender.Frame([0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 1, 33)))
        {
            recorder.Push(packet); // the "key frame" has no start code: nothing to take the size from
        }

        recorder.Finish();
        Assert.Empty(_files);
        Assert.False(recorder.HasFile);
    }

    [Fact]
    public async Task A_real_vp8_stream_with_reordering_and_a_loss_makes_a_file_ffprobe_decodes_without_complaint()
    {
        var (frames, _, _) = await TestMedia.RealVp8FramesAsync();
        var path = Path.Combine(_directory, "camera.webm");
        var recorder = new RtpTrackRecorder(new RtpTrackRecorderOptions(RecordedCodec.Vp8, 90_000), _ => File.Create(path), () => _keyFrameRequests++);
        var sender = new Vp8Sender();
        var random = new Random(12);
        var packets = new List<RecordedPacket>();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = sender.Frame(frames[i], i, i * 33.3);
            if (i == 40)
            {
                frame[0].Return();
                frame.RemoveAt(0); // frame 40 loses its first packet: 40-59 cannot be decoded, 60 is a key frame
            }

            packets.AddRange(frame);
        }

        for (var i = 0; i + 1 < packets.Count; i += 2)
        {
            if (random.Next(2) == 0)
            {
                (packets[i], packets[i + 1]) = (packets[i + 1], packets[i]); // about half the packets overtake their neighbour
            }
        }

        foreach (var packet in packets)
        {
            recorder.Push(packet);
        }

        recorder.Finish();
        Assert.Equal(frames.Count - 20, recorder.FramesWritten);
        using var probe = await Ffprobe.ProbeAsync(path);
        var stream = probe.RootElement.GetProperty("streams")[0];
        Assert.Equal((frames.Count - 20).ToString(System.Globalization.CultureInfo.InvariantCulture), stream.GetProperty("nb_read_frames").GetString());
    }
}
