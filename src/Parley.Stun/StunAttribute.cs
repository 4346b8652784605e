namespace Parley.Stun;

/// <summary>One attribute of a parsed message: its type and its unpadded value, a view into the message bytes.</summary>
public readonly ref struct StunAttribute
{
    public StunAttribute(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>The raw 16-bit type; compare with <see cref="StunAttributeType"/> values.</summary>
    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; }

    /// <summary>Types below 0x8000 must be understood by the receiver (RFC 8489 §14).</summary>
    public bool IsComprehensionRequired => Type < 0x8000;
}
