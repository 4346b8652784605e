namespace Parley.Srtp;

/// <summary>
/// Sliding replay window over packet indices (RFC 3711 §3.3.2, https://www.rfc-editor.org/rfc/rfc3711#section-3.3.2).
/// Bit k of the mask stands for index <c>Highest - k</c>. Checked before authentication, updated only after it.
/// </summary>
internal struct SrtpReplayWindow
{
    /// <summary>How many indices behind the highest one are still accepted (RFC 3711 asks for at least 64).</summary>
    public const int Size = 128;

    private UInt128 _mask;

    /// <summary>The highest index accepted so far; meaningless until <see cref="HasAccepted"/>.</summary>
    public ulong Highest { get; private set; }

    /// <summary>False until the first packet has been accepted.</summary>
    public bool HasAccepted { get; private set; }

    /// <summary>True when <paramref name="index"/> is new and not older than the window.</summary>
    public readonly bool IsFresh(ulong index)
    {
        if (!HasAccepted || index > Highest)
        {
            return true;
        }

        var age = Highest - index;
        return age < Size && ((_mask >> (int)age) & UInt128.One) == UInt128.Zero;
    }

    /// <summary>Marks <paramref name="index"/> as received; call only for authenticated, fresh packets.</summary>
    public void Accept(ulong index)
    {
        if (!HasAccepted)
        {
            HasAccepted = true;
            Highest = index;
            _mask = UInt128.One;
            return;
        }

        if (index > Highest)
        {
            var advance = index - Highest;
            _mask = advance >= Size ? UInt128.One : (_mask << (int)advance) | UInt128.One;
            Highest = index;
        }
        else
        {
            _mask |= UInt128.One << (int)(Highest - index);
        }
    }
}
