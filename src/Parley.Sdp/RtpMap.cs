namespace Parley.Sdp;

/// <summary><c>a=rtpmap:&lt;pt&gt; &lt;encoding&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c>, e.g. <c>111 opus/48000/2</c>.</summary>
public sealed record RtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    // https://www.rfc-editor.org/rfc/rfc8866#section-6.6
    public static bool TryParse(string? value, out RtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length != 2 || !SdpText.TryParsePayloadType(fields[0], out var payloadType))
        {
            return false;
        }

        var parts = fields[1].Split('/');
        if (parts.Length is < 2 or > 3
            || !SdpText.IsToken(parts[0])
            || !SdpText.TryParseInt(parts[1], out var clockRate) || clockRate == 0)
        {
            return false;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpText.TryParseInt(parts[2], out var parsedChannels) || parsedChannels == 0)
            {
                return false;
            }

            channels = parsedChannels;
        }

        rtpMap = new RtpMap(payloadType, parts[0], clockRate, channels);
        return true;
    }

    /// <summary>Encoding names are case-insensitive (RFC 4855 §3): "VP8" = "vp8".</summary>
    public bool IsEncoding(string name) => string.Equals(EncodingName, name, StringComparison.OrdinalIgnoreCase);

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.RtpMap, ToString());

    public override string ToString() =>
        Channels is { } channels
            ? $"{SdpText.Format(PayloadType)} {EncodingName}/{SdpText.Format(ClockRate)}/{SdpText.Format(channels)}"
            : $"{SdpText.Format(PayloadType)} {EncodingName}/{SdpText.Format(ClockRate)}";
}
