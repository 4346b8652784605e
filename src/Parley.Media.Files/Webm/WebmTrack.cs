using Parley.Media.Files.Codecs;

namespace Parley.Media.Files.Webm;

/// <summary>
/// The one track of a WebM file: its codec (the Matroska CodecID), what a player must know to set up the decoder
/// (picture size; Opus channels and OpusHead), and for Opus the decoder delay and seek pre-roll WebM asks for.
/// </summary>
public sealed record WebmTrack
{
    private WebmTrack(WebmTrackKind kind, string codecId)
    {
        Kind = kind;
        CodecId = codecId;
    }

    public WebmTrackKind Kind { get; }

    /// <summary>"V_VP8" or "A_OPUS".</summary>
    public string CodecId { get; }

    public int PixelWidth { get; private init; }

    public int PixelHeight { get; private init; }

    public int Channels { get; private init; }

    public double SamplingFrequency { get; private init; }

    /// <summary>Codec initialization data (OpusHead for Opus); empty when the codec needs none.</summary>
    public ReadOnlyMemory<byte> CodecPrivate { get; private init; }

    /// <summary>Decoder delay in nanoseconds (Opus pre-skip); 0 for none.</summary>
    public ulong CodecDelayNanoseconds { get; private init; }

    /// <summary>How much to decode before a seek target so the output is right (80 ms for Opus); 0 for none.</summary>
    public ulong SeekPreRollNanoseconds { get; private init; }

    /// <summary>VP8 video of the given size (the first key frame's, <see cref="Vp8KeyFrame.TryGetSize"/>).</summary>
    public static WebmTrack Vp8(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return new WebmTrack(WebmTrackKind.Video, "V_VP8") { PixelWidth = width, PixelHeight = height };
    }

    /// <summary>Opus audio at 48 kHz (RFC 7845: WebRTC's Opus is always 48 kHz, "opus/48000/2" in SDP).</summary>
    public static WebmTrack Opus(int channels = 2, ushort preSkip = OpusHead.DefaultPreSkip)
    {
        var head = OpusHead.Create(channels, preSkip, inputSampleRate: 48_000);
        return new WebmTrack(WebmTrackKind.Audio, "A_OPUS")
        {
            Channels = channels,
            SamplingFrequency = 48_000,
            CodecPrivate = head,
            // https://www.ietf.org/archive/id/draft-ietf-cellar-codec-14.html (A_OPUS): CodecDelay is the pre-skip in ns, SeekPreRoll 80 ms.
            CodecDelayNanoseconds = (ulong)preSkip * 1_000_000_000UL / 48_000UL,
            SeekPreRollNanoseconds = 80_000_000,
        };
    }
}
