namespace Parley.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;pt&gt; &lt;params&gt;</c> with the codec parameters as ordered key/value pairs
/// (<c>minptime=10;useinbandfec=1</c>). A parameter without '=' (e.g. RED's <c>111/111</c>, telephone-event's
/// <c>0-16</c>) has a null value. Keys keep their case; lookups ignore it.
/// </summary>
public sealed record Fmtp(int PayloadType, ValueList<KeyValuePair<string, string?>> Parameters)
{
    public static Fmtp Create(int payloadType, params (string Key, string? Value)[] parameters) =>
        new(payloadType, new ValueList<KeyValuePair<string, string?>>(parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))));

    // https://www.rfc-editor.org/rfc/rfc8866#section-6.15
    public static bool TryParse(string? value, out Fmtp? fmtp)
    {
        fmtp = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpText.TryParsePayloadType(value.AsSpan(0, space), out var payloadType))
        {
            return false;
        }

        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var piece in value[(space + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = piece.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0)
            {
                return false;
            }

            parameters.Add(equals < 0
                ? new KeyValuePair<string, string?>(piece, null)
                : new KeyValuePair<string, string?>(piece[..equals].Trim(), piece[(equals + 1)..].Trim()));
        }

        if (parameters.Count == 0)
        {
            return false;
        }

        fmtp = new Fmtp(payloadType, new ValueList<KeyValuePair<string, string?>>(parameters));
        return true;
    }

    /// <summary>The value of parameter <paramref name="key"/> (case-insensitive), or null when absent.</summary>
    public string? Get(string key)
    {
        foreach (var (name, value) in Parameters)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The <c>apt</c> (associated payload type) of an RTX/FEC format (RFC 4588 §8.1), or null.</summary>
    public int? AssociatedPayloadType =>
        SdpText.TryParsePayloadType(Get("apt"), out var apt) ? apt : null;

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Fmtp, ToString());

    public override string ToString() =>
        SdpText.Format(PayloadType) + " " + string.Join(';', Parameters.Select(p => p.Value is null ? p.Key : p.Key + "=" + p.Value));
}
