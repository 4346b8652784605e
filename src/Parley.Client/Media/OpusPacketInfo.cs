namespace Parley.Client.Media;

/// <summary>Reads an Opus packet's duration from its TOC byte, to advance RTP timestamps.</summary>
public static class OpusPacketInfo
{
    /// <summary>The RTP clock of Opus is always 48 kHz (RFC 7587 §4.1).</summary>
    public const int ClockRate = 48000;

    // https://www.rfc-editor.org/rfc/rfc6716#section-3.1 — TOC byte: config (5 bits), stereo flag, frame count code.
    // Frame sizes per config in quarter-milliseconds so 2.5 ms stays integral.
    private static ReadOnlySpan<byte> FrameDurationQuarterMs =>
    [
        40, 80, 160, 240, 40, 80, 160, 240, 40, 80, 160, 240, // SILK NB/MB/WB: 10, 20, 40, 60 ms
        40, 80, 40, 80,                                       // Hybrid SWB/FB: 10, 20 ms
        10, 20, 40, 80, 10, 20, 40, 80, 10, 20, 40, 80, 10, 20, 40, 80, // CELT: 2.5, 5, 10, 20 ms
    ];

    /// <summary>Samples (per channel, at 48 kHz) the packet decodes to; 0 for an empty or malformed packet.</summary>
    public static int GetSampleCount(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return 0;
        }

        byte toc = packet[0];
        int frameQuarterMs = FrameDurationQuarterMs[toc >> 3];
        int frames;
        switch (toc & 0x3)
        {
            case 0:
                frames = 1;
                break;
            case 1:
            case 2:
                frames = 2;
                break;
            default:
                if (packet.Length < 2)
                {
                    return 0;
                }

                frames = packet[1] & 0x3F;
                break;
        }

        // 48 samples per ms → 12 samples per quarter-millisecond unit.
        return frames * frameQuarterMs * 12;
    }
}
