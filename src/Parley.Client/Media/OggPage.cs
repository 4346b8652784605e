namespace Parley.Client.Media;

/// <summary>Constants of the Ogg page layout (RFC 3533 §6).</summary>
internal static class OggPage
{
    public const int HeaderLength = 27;
    public const int CrcOffset = 22;
    public const byte ContinuedPacket = 0x01;
    public const byte BeginningOfStream = 0x02;
    public const byte EndOfStream = 0x04;
}
