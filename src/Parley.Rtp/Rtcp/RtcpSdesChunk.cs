namespace Parley.Rtp.Rtcp;

/// <summary>One SDES chunk: an SSRC and its items (already validated by <see cref="RtcpSourceDescription.TryParse"/>).</summary>
public readonly ref struct RtcpSdesChunk
{
    private readonly ReadOnlySpan<byte> _items;

    internal RtcpSdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    public uint Ssrc { get; }

    /// <summary>The first item of <paramref name="type"/>, as UTF-8 bytes.</summary>
    public bool TryGetItem(RtcpSdesItemType type, out ReadOnlySpan<byte> value)
    {
        var position = 0;
        while (position + 2 <= _items.Length && _items[position] != 0)
        {
            var length = _items[position + 1];
            if (_items[position] == (byte)type)
            {
                value = _items.Slice(position + 2, length);
                return true;
            }

            position += 2 + length;
        }

        value = default;
        return false;
    }

    /// <summary>CNAME, which ties a participant's streams together for lip sync.</summary>
    public bool TryGetCanonicalName(out ReadOnlySpan<byte> cname) => TryGetItem(RtcpSdesItemType.CanonicalName, out cname);
}
