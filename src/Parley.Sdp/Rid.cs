namespace Parley.Sdp;

/// <summary>
/// <c>a=rid:&lt;id&gt; &lt;send|recv&gt; [pt=&lt;fmt&gt;,…][;&lt;restriction&gt;=&lt;value&gt;…]</c>: names one RTP stream
/// (e.g. one simulcast layer) and restricts it. <see cref="PayloadTypes"/> is the <c>pt=</c> list (empty = any);
/// <see cref="Restrictions"/> the other parameters (<c>max-width=1280</c>, …) in order.
/// </summary>
public sealed record Rid(
    string Id,
    RidDirection Direction,
    ValueList<int> PayloadTypes,
    ValueList<KeyValuePair<string, string?>> Restrictions)
{
    public Rid(string id, RidDirection direction)
        : this(id, direction, new ValueList<int>([]), new ValueList<KeyValuePair<string, string?>>([]))
    {
    }

    /// <summary>RFC 8851 §10 rid-id: letters, digits, '-' and '_'.</summary>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    // https://www.rfc-editor.org/rfc/rfc8851#section-10
    public static bool TryParse(string? value, out Rid? rid)
    {
        rid = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length is < 2 or > 3 || !IsValidId(fields[0]))
        {
            return false;
        }

        RidDirection direction;
        switch (fields[1])
        {
            case "send":
                direction = RidDirection.Send;
                break;
            case "recv":
                direction = RidDirection.Recv;
                break;
            default:
                return false;
        }

        var payloadTypes = new List<int>();
        var restrictions = new List<KeyValuePair<string, string?>>();
        if (fields.Length == 3)
        {
            foreach (var piece in fields[2].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = piece.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? piece : piece[..equals];
                var parameterValue = equals < 0 ? null : piece[(equals + 1)..];
                if (key.Length == 0)
                {
                    return false;
                }

                if (key == "pt")
                {
                    foreach (var format in (parameterValue ?? string.Empty).Split(','))
                    {
                        if (!SdpText.TryParsePayloadType(format, out var payloadType))
                        {
                            return false;
                        }

                        payloadTypes.Add(payloadType);
                    }
                }
                else
                {
                    restrictions.Add(new KeyValuePair<string, string?>(key, parameterValue));
                }
            }
        }

        rid = new Rid(fields[0], direction, new ValueList<int>(payloadTypes), new ValueList<KeyValuePair<string, string?>>(restrictions));
        return true;
    }

    /// <summary>The value of restriction <paramref name="key"/> (e.g. "max-width"), or null.</summary>
    public string? GetRestriction(string key) => Restrictions.FirstOrDefault(pair => pair.Key == key).Value;

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Rid, ToString());

    public override string ToString()
    {
        var text = Id + (Direction == RidDirection.Send ? " send" : " recv");
        var parameters = new List<string>();
        if (PayloadTypes.Count > 0)
        {
            parameters.Add("pt=" + string.Join(',', PayloadTypes.Select(SdpText.Format)));
        }

        parameters.AddRange(Restrictions.Select(pair => pair.Value is null ? pair.Key : pair.Key + "=" + pair.Value));
        return parameters.Count == 0 ? text : text + " " + string.Join(';', parameters);
    }
}
