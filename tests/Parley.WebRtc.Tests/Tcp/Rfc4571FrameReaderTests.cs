using Parley.WebRtc.Tcp;

namespace Parley.WebRtc.Tests.Tcp;

/// <summary>RFC 4571 framing of the ICE-TCP path: a 16-bit big-endian length before every packet, whatever the reads look like.</summary>
public sealed class Rfc4571FrameReaderTests
{
    private const int MaxFrame = 2048;

    [Fact]
    public void A_frame_is_its_length_in_network_order_then_its_bytes()
    {
        var destination = new byte[10];

        int written = Rfc4571FrameReader.WriteFrame([0xAA, 0xBB, 0xCC], destination);

        Assert.Equal(5, written);
        Assert.Equal(new byte[] { 0x00, 0x03, 0xAA, 0xBB, 0xCC }, destination[..written]);
        Assert.Throws<ArgumentException>(() => Rfc4571FrameReader.WriteFrame(new byte[65536], new byte[70000]));
    }

    [Fact]
    public void Frames_split_at_every_byte_come_out_whole()
    {
        var packets = new[] { Packet(1, 100), Packet(2, 1), Packet(3, MaxFrame), Packet(4, 0) };
        var stream = Frame(packets);
        var reader = new Rfc4571FrameReader(MaxFrame);

        var frames = Feed(reader, stream, chunk: 1);

        Assert.Equal(packets, frames);
        Assert.Equal(0, reader.BufferedBytes);
    }

    [Fact]
    public void Several_frames_in_one_read_come_out_one_by_one_in_order()
    {
        var packets = Enumerable.Range(0, 50).Select(i => Packet((byte)i, 20 + i)).ToArray();
        var reader = new Rfc4571FrameReader(MaxFrame);

        var frames = Feed(reader, Frame(packets), chunk: 100_000);

        Assert.Equal(packets, frames);
    }

    [Fact]
    public void A_half_received_frame_waits_for_the_rest()
    {
        var reader = new Rfc4571FrameReader(MaxFrame);
        var stream = Frame([Packet(9, 300)]);

        Assert.Empty(Feed(reader, stream[..150], chunk: 150));
        Assert.Equal(150, reader.BufferedBytes);
        Assert.Single(Feed(reader, stream[150..], chunk: 1000));
    }

    [Fact]
    public void An_oversized_frame_is_skipped_and_counted_and_the_stream_stays_in_step()
    {
        var before = Packet(1, 50);
        var after = Packet(2, 60);
        var stream = Frame([before, Packet(0xEE, MaxFrame + 1), after, Packet(0xEE, 65535), after]);

        foreach (var chunk in new[] { 1, 7, 1000, 100_000 })
        {
            var reader = new Rfc4571FrameReader(MaxFrame);

            var frames = Feed(reader, stream, chunk);

            Assert.Equal([before, after, after], frames);
            Assert.Equal(2, reader.OversizedFrames);
        }
    }

    [Fact]
    public void Garbage_never_throws_and_every_frame_stays_inside_what_was_received()
    {
        // Random bytes read as lengths and payloads: whatever comes out must be exactly what a plain walk of the
        // stream finds, for any way of cutting it into reads.
        var random = new Random(4571);
        for (int round = 0; round < 200; round++)
        {
            var garbage = new byte[random.Next(0, 20_000)];
            random.NextBytes(garbage);
            var reader = new Rfc4571FrameReader(MaxFrame);

            var frames = Feed(reader, garbage, chunk: random.Next(1, 5000), random);

            var (expected, oversized) = ReferenceWalk(garbage, MaxFrame);
            Assert.Equal(expected, frames);
            Assert.Equal(oversized, reader.OversizedFrames);
        }
    }

    [Fact]
    public void A_long_stream_cut_into_random_reads_round_trips()
    {
        var random = new Random(6544);
        var packets = Enumerable.Range(0, 3000).Select(i => Packet((byte)i, random.Next(0, MaxFrame + 1))).ToArray();
        var reader = new Rfc4571FrameReader(MaxFrame);

        var frames = Feed(reader, Frame(packets), chunk: 3000, random);

        Assert.Equal(packets, frames);
    }

    private static byte[] Packet(byte fill, int length) => Enumerable.Repeat(fill, length).ToArray();

    private static byte[] Frame(IEnumerable<byte[]> packets)
    {
        var stream = new List<byte>();
        foreach (var packet in packets)
        {
            stream.Add((byte)(packet.Length >> 8));
            stream.Add((byte)packet.Length);
            stream.AddRange(packet);
        }

        return [.. stream];
    }

    /// <summary>Writes <paramref name="stream"/> into the reader in reads of at most <paramref name="chunk"/> bytes (random sizes up to it with <paramref name="random"/>) and collects the frames.</summary>
    private static List<byte[]> Feed(Rfc4571FrameReader reader, byte[] stream, int chunk, Random? random = null)
    {
        var frames = new List<byte[]>();
        int offset = 0;
        while (offset < stream.Length)
        {
            var memory = reader.GetReceiveMemory();
            int wanted = random is null ? chunk : random.Next(1, chunk + 1);
            int count = Math.Min(Math.Min(wanted, memory.Length), stream.Length - offset);
            stream.AsSpan(offset, count).CopyTo(memory.Span);
            reader.Advance(count);
            offset += count;
            while (reader.TryReadFrame(out var frame))
            {
                frames.Add(frame.ToArray());
            }
        }

        return frames;
    }

    private static (List<byte[]> Frames, long Oversized) ReferenceWalk(byte[] stream, int maxFrame)
    {
        var frames = new List<byte[]>();
        long oversized = 0;
        int offset = 0;
        while (stream.Length - offset >= 2)
        {
            int length = (stream[offset] << 8) | stream[offset + 1];
            offset += 2;
            if (length > maxFrame)
            {
                oversized++;
                offset += length;
                continue;
            }

            if (stream.Length - offset < length)
            {
                break;
            }

            frames.Add(stream.AsSpan(offset, length).ToArray());
            offset += length;
        }

        return (frames, oversized);
    }
}
