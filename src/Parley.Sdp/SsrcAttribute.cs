namespace Parley.Sdp;

/// <summary>
/// <c>a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;]</c>, e.g. <c>3735928559 cname:4TOk42mSjXCkVIa6</c> or
/// <c>3735928559 msid:stream track</c> (RFC 5576 §4.1).
/// </summary>
public sealed record SsrcAttribute(uint Ssrc, string Attribute, string? Value = null)
{
    // https://www.rfc-editor.org/rfc/rfc5576#section-4.1
    public static bool TryParse(string? value, out SsrcAttribute? attribute)
    {
        attribute = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpText.TryParseUInt(value.AsSpan(0, space), out var ssrc))
        {
            return false;
        }

        var rest = value[(space + 1)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? rest : rest[..colon];
        if (!SdpText.IsToken(name))
        {
            return false;
        }

        attribute = new SsrcAttribute(ssrc, name, colon < 0 ? null : rest[(colon + 1)..]);
        return true;
    }

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Ssrc, ToString());

    public override string ToString() =>
        Value is null ? $"{SdpText.Format(Ssrc)} {Attribute}" : $"{SdpText.Format(Ssrc)} {Attribute}:{Value}";
}
