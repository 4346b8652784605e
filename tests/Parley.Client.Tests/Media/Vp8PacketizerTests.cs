using Parley.Client.Media;

namespace Parley.Client.Tests.Media;

public sealed class Vp8PacketizerTests
{
    [Fact]
    public void A_frame_is_split_into_payloads_that_concatenate_back_to_it()
    {
        var packetizer = new Vp8Packetizer(maxPayloadLength: 504);
        var frame = MediaFileFactory.Frame(0, 1200);
        var buffer = new byte[504];
        var rebuilt = new List<byte>();
        int count = packetizer.CountPayloads(frame.Length);

        Assert.Equal(3, count);
        for (int i = 0; i < count; i++)
        {
            int length = packetizer.WritePayload(frame, i, buffer, out bool isLast);
            Assert.Equal(i == count - 1, isLast);
            Assert.True(Vp8Packetizer.TryGetDescriptorLength(buffer.AsSpan(0, length), out int descriptor, out bool start));
            Assert.Equal(Vp8Packetizer.DescriptorLength, descriptor);
            Assert.Equal(i == 0, start);
            rebuilt.AddRange(buffer.AsSpan(descriptor, length - descriptor).ToArray());
        }

        Assert.Equal(frame, rebuilt);
    }

    [Fact]
    public void The_picture_id_is_15_bits_and_advances_per_frame()
    {
        var packetizer = new Vp8Packetizer(initialPictureId: 0x7FFF);
        var buffer = new byte[1200];

        packetizer.WritePayload([0x10, 1, 2], 0, buffer, out _);
        Assert.Equal(0xFF, buffer[2]); // M bit + high bits of 0x7FFF
        Assert.Equal(0xFF, buffer[3]);
        packetizer.NextPicture();
        packetizer.WritePayload([0x10, 1, 2], 0, buffer, out _);
        Assert.Equal(0x80, buffer[2]); // wrapped to 0
        Assert.Equal(0x00, buffer[3]);
    }

    [Fact]
    public void Keyframes_are_recognised_from_the_first_payload_only()
    {
        var packetizer = new Vp8Packetizer(maxPayloadLength: 104);
        var buffer = new byte[104];
        var keyframe = MediaFileFactory.Frame(0, 150);

        int first = packetizer.WritePayload(keyframe, 0, buffer, out _);
        Assert.True(Vp8Packetizer.IsKeyframeStart(buffer.AsSpan(0, first)));
        int second = packetizer.WritePayload(keyframe, 1, buffer, out _);
        Assert.False(Vp8Packetizer.IsKeyframeStart(buffer.AsSpan(0, second)));
        Assert.False(Vp8Packetizer.IsKeyframeStart([]));
        Assert.False(Vp8Packetizer.IsKeyframeStart([0x90]));
    }
}
