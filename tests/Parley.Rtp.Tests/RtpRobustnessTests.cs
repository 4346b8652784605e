namespace Parley.Rtp.Tests;

public class RtpRobustnessTests
{
    private static byte[] BuildPacket(bool padding)
    {
        var buffer = new byte[128];
        var writer = new RtpPacketWriter(buffer, 100, 7, 8, 9);
        writer.AddCsrc(1);
        writer.AddCsrc(2);
        writer.AddExtension(2, [1, 2, 3]);
        writer.WritePayload(Enumerable.Range(0, 40).Select(i => (byte)i).ToArray());
        if (padding)
        {
            writer.AddPadding(4);
        }

        return writer.Written.ToArray();
    }

    [Fact]
    public void A_prefix_shorter_than_the_header_is_rejected_and_a_longer_one_is_a_shorter_payload()
    {
        // RTP has no length field: a packet cut after its header is indistinguishable from a shorter one.
        var packet = BuildPacket(padding: false);
        Assert.True(RtpPacket.TryParse(packet, out var whole));
        var headerLength = whole.HeaderLength;
        var payload = whole.Payload.ToArray();

        for (var length = 0; length < packet.Length; length++)
        {
            var prefix = packet.AsSpan(0, length).ToArray();
            var parsed = RtpPacket.TryParse(prefix, out var view);
            if (length < headerLength)
            {
                Assert.False(parsed);
            }
            else
            {
                Assert.True(parsed);
                Assert.Equal(payload.AsSpan(0, length - headerLength).ToArray(), view.Payload.ToArray());
            }
        }
    }

    [Fact]
    public void Padded_packets_cut_short_never_throw_and_stay_in_bounds()
    {
        var packet = BuildPacket(padding: true);
        for (var length = 0; length <= packet.Length; length++)
        {
            var prefix = packet.AsSpan(0, length).ToArray();
            if (RtpPacket.TryParse(prefix, out var view))
            {
                Assert.True(view.HeaderLength + view.Payload.Length + view.PaddingLength == length);
            }
        }
    }

    [Fact]
    public void A_padding_count_of_zero_or_beyond_the_payload_is_rejected()
    {
        var packet = BuildPacket(padding: true);
        packet[^1] = 0;
        Assert.False(RtpPacket.TryParse(packet, out _));
        packet[^1] = 255;
        Assert.False(RtpPacket.TryParse(packet, out _));
    }

    [Fact]
    public void Ten_thousand_random_inputs_never_throw()
    {
        var random = new Random(3550);
        var buffer = new byte[200];
        for (var i = 0; i < 10_000; i++)
        {
            var length = random.Next(buffer.Length);
            var input = buffer.AsSpan(0, length);
            random.NextBytes(input);
            if (i % 2 == 0 && length > 0)
            {
                input[0] = (byte)(0x80 | (input[0] & 0x3F)); // version 2 so the deeper checks run
            }

            if (RtpPacket.TryParse(input, out var packet))
            {
                Assert.True(packet.HeaderLength + packet.Payload.Length + packet.PaddingLength == length);
                foreach (var extension in packet.Extensions)
                {
                    Assert.True(extension.Data.Length <= packet.ExtensionData.Length);
                }

                _ = packet.TryGetExtension(3, out _);
            }
        }
    }
}
