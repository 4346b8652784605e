using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Parley.Client.Media;
using Parley.Client.Media.Rooms;

namespace Parley.Client.Tests.Media.Rooms;

/// <summary>File and pushed-RTP sources of published tracks: pacing by the file's own clock, RTP time, rewriting.</summary>
public sealed class LocalTrackTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-tracks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_ivf_frame_is_due_at_its_timestamp_and_a_loop_continues_the_clock()
    {
        var track = new IvfFileTrack(Write("v.ivf", MediaFileFactory.Ivf(100, 100, 100)), loop: true); // 30 fps time base

        Assert.Equal(TimeSpan.Zero, track.SendTimeOf(0, 0));
        Assert.Equal(2 / 30.0, track.SendTimeOf(2, 0).TotalSeconds, 6);
        Assert.Equal(3 / 30.0, track.SendTimeOf(0, 1).TotalSeconds, 6); // the second pass starts one frame after the last
        Assert.Equal(3000u, track.RtpTimestampOf(1, 0));
        Assert.Equal(9000u, track.RtpTimestampOf(0, 1));
    }

    [Fact]
    public async Task An_ivf_track_sends_each_frame_when_its_time_comes()
    {
        var time = new FakeTimeProvider();
        var track = new IvfFileTrack(Write("v.ivf", MediaFileFactory.Ivf(2000, 500, 500)));
        var packets = new ConcurrentQueue<byte[]>();
        track.Attach(new RtpStreamSender(track.Ssrc, 96, 90_000, p => { packets.Enqueue(p.ToArray()); return true; }), _ => true);

        var run = track.RunAsync(time, CancellationToken.None);
        await EventuallyAsync(() => track.FramesSent == 1);
        Assert.Equal(2, packets.Count); // a 2,000-byte key frame is two packets
        time.Advance(TimeSpan.FromMilliseconds(20));
        await Task.Delay(50);
        Assert.Equal(1, track.FramesSent); // frame 1 is due at 33 ms
        time.Advance(TimeSpan.FromMilliseconds(14));
        await EventuallyAsync(() => track.FramesSent == 2);
        time.Advance(TimeSpan.FromMilliseconds(34));
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(3, track.FramesSent);
        Assert.True(track.Completion.IsCompleted);
        Assert.Equal(6000u, BinaryPrimitives.ReadUInt32BigEndian(packets.Last().AsSpan(4)));
    }

    [Fact]
    public async Task An_opus_track_sends_a_packet_every_20_ms_with_rtp_time_in_48_khz_samples()
    {
        var time = new FakeTimeProvider();
        var track = new OggOpusFileTrack(Write("a.ogg", MediaFileFactory.OggOpus(3)));
        var timestamps = new ConcurrentQueue<uint>();
        track.Attach(new RtpStreamSender(track.Ssrc, 111, 48_000, p => { timestamps.Enqueue(BinaryPrimitives.ReadUInt32BigEndian(p[4..])); return true; }), _ => true);

        var run = track.RunAsync(time, CancellationToken.None);
        await EventuallyAsync(() => track.FramesSent == 1);
        time.Advance(TimeSpan.FromMilliseconds(20));
        await EventuallyAsync(() => track.FramesSent == 2);
        time.Advance(TimeSpan.FromMilliseconds(20));
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([0u, 960u, 1920u], timestamps);
    }

    [Fact]
    public void A_pushed_rtp_packet_gets_the_tracks_ssrc_and_payload_type_and_keeps_the_rest()
    {
        var writer = new RtpTrackWriter(MediaSource.Camera);
        byte[]? sent = null;
        writer.Attach(new RtpStreamSender(writer.Ssrc, 96, 90_000, _ => true), p => { sent = p.ToArray(); return true; });
        var packet = new byte[20];
        packet[0] = 0x80;
        packet[1] = 0x80 | 100; // marker, payload type 100
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 4242);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 123_456);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xDEADBEEF);

        Assert.True(writer.Write(packet));

        Assert.NotNull(sent);
        Assert.Equal(0x80 | 96, sent![1]);
        Assert.Equal(writer.Ssrc, BinaryPrimitives.ReadUInt32BigEndian(sent.AsSpan(8)));
        Assert.Equal(4242, BinaryPrimitives.ReadUInt16BigEndian(sent.AsSpan(2)));
        Assert.Equal(123_456u, BinaryPrimitives.ReadUInt32BigEndian(sent.AsSpan(4)));
        Assert.Equal(1, writer.FramesSent);
    }

    [Fact]
    public void A_pushed_rtp_packet_is_refused_before_publishing_or_while_muted()
    {
        var writer = new RtpTrackWriter(MediaSource.Microphone);
        var packet = new byte[20];
        packet[0] = 0x80;

        Assert.False(writer.Write(packet));
        writer.Attach(new RtpStreamSender(writer.Ssrc, 111, 48_000, _ => true), _ => true);
        writer.Muted = true;
        Assert.False(writer.Write(packet));
        Assert.Throws<ArgumentException>(() => new RtpTrackWriter(MediaSource.Microphone, "VP8"));
    }

    private string Write(string name, MemoryStream content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content.ToArray());
        return path;
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
