namespace Parley.Rtp;

/// <summary>One RFC 8285 extension element: its local id and its data, a writable view into the packet.</summary>
public readonly ref struct RtpHeaderExtension
{
    public RtpHeaderExtension(byte id, Span<byte> data)
    {
        Id = id;
        Data = data;
    }

    public byte Id { get; }

    /// <summary>The element's bytes inside the packet: writing here edits the packet (e.g. rewriting a transport-wide sequence number).</summary>
    public Span<byte> Data { get; }
}
