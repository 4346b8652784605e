namespace Parley.Sdp;

/// <summary>
/// <c>a=rtcp-fb:&lt;pt|*&gt; &lt;type&gt; [&lt;parameter&gt;]</c>, e.g. <c>96 nack pli</c>, <c>* transport-cc</c>.
/// A null <see cref="PayloadType"/> is the wildcard "*".
/// </summary>
public sealed record RtcpFeedback(int? PayloadType, string Type, string? Parameter = null)
{
    // https://www.rfc-editor.org/rfc/rfc4585#section-4.2
    public static bool TryParse(string? value, out RtcpFeedback? feedback)
    {
        feedback = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length < 2 || !SdpText.IsToken(fields[1]))
        {
            return false;
        }

        int? payloadType = null;
        if (fields[0] != "*")
        {
            if (!SdpText.TryParsePayloadType(fields[0], out var parsed))
            {
                return false;
            }

            payloadType = parsed;
        }

        var parameter = fields.Length > 2 ? string.Join(' ', fields[2..]) : null;
        feedback = new RtcpFeedback(payloadType, fields[1], parameter);
        return true;
    }

    /// <summary>True for feedback that applies to <paramref name="payloadType"/> (directly or through "*").</summary>
    public bool AppliesTo(int payloadType) => PayloadType is null || PayloadType == payloadType;

    /// <summary>The same feedback re-targeted at another payload type (answers keep the offer's numbering).</summary>
    public RtcpFeedback ForPayloadType(int payloadType) => this with { PayloadType = payloadType };

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.RtcpFb, ToString());

    public override string ToString()
    {
        var target = PayloadType is { } pt ? SdpText.Format(pt) : "*";
        return Parameter is null ? $"{target} {Type}" : $"{target} {Type} {Parameter}";
    }
}
