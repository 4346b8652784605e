namespace Parley.Sfu;

/// <summary>One router's settings; validated when the router is created.</summary>
public sealed record RouterOptions
{
    /// <summary>The router's id; a new GUID when null.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// The router timer's period: pending key-frame requests, NACKs and transport-cc feedback to publishers, layer
    /// activity and choice, and (about once a second, whatever the period) SR/RR and REMB. Default 50 ms.
    /// </summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>At most one key-frame request per producer layer per this interval. Default 500 ms.</summary>
    public TimeSpan KeyFrameRequestInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A layer that sent nothing for this long is inactive and not chosen for consumers. Default 2 s.</summary>
    public TimeSpan LayerInactivityTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Packet-cache slots per video producer layer (a power of two). Default 1024 (~1 s at 1000 packets/s).</summary>
    public int VideoPacketCacheSlots { get; init; } = 1024;

    /// <summary>Packet-cache slots per audio producer (a power of two). Default 128.</summary>
    public int AudioPacketCacheSlots { get; init; } = 128;

    /// <summary>The largest RTP packet accepted from a publisher, in bytes; larger ones are dropped and counted. Default 1500.</summary>
    public int MaxPacketSize { get; init; } = 1500;

    internal void Validate()
    {
        if (TickInterval <= TimeSpan.Zero || KeyFrameRequestInterval < TimeSpan.Zero || LayerInactivityTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RouterOptions: TickInterval and LayerInactivityTimeout must be positive, KeyFrameRequestInterval not negative.");
        }

        if (!IsPowerOfTwo(VideoPacketCacheSlots) || !IsPowerOfTwo(AudioPacketCacheSlots))
        {
            throw new ArgumentException("RouterOptions: packet-cache slot counts must be powers of two from 1 to 32768.");
        }

        if (MaxPacketSize is < 64 or > 9000)
        {
            throw new ArgumentException("RouterOptions: MaxPacketSize must be 64–9000 bytes.");
        }
    }

    private static bool IsPowerOfTwo(int value) => value is >= 1 and <= 32768 && (value & (value - 1)) == 0;
}
