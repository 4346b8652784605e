namespace Parley.Sdp;

/// <summary>The <c>b=</c> line: <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c>, e.g. <c>b=AS:2000</c> (kbit/s) or <c>b=TIAS:2000000</c> (bit/s).</summary>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    // https://www.rfc-editor.org/rfc/rfc8866#section-5.8
    internal static bool TryParse(string value, out SdpBandwidth? bandwidth)
    {
        bandwidth = null;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !SdpText.IsToken(value.AsSpan(0, colon))
            || !SdpText.TryParseULong(value.AsSpan(colon + 1), out var amount))
        {
            return false;
        }

        bandwidth = new SdpBandwidth(value[..colon], amount);
        return true;
    }

    public override string ToString() => $"{Type}:{SdpText.Format(Value)}";
}
