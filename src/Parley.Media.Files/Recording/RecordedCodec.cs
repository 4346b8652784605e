namespace Parley.Media.Files.Recording;

/// <summary>The codecs a recording can put into WebM as they arrive (no transcoding).</summary>
public enum RecordedCodec
{
    Vp8,
    Opus,
}
