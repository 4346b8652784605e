namespace Parley.Sdp;

/// <summary>
/// <c>a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt; …</c> (RFC 5576 §4.2): <c>FID media rtx</c> pairs a stream with its
/// retransmission stream; <c>SIM l m h</c> lists legacy (SSRC-based) simulcast layers.
/// </summary>
public sealed record SsrcGroup(string Semantics, ValueList<uint> Ssrcs)
{
    public const string FlowIdentification = "FID";
    public const string SimulcastSemantics = "SIM";

    public static SsrcGroup Create(string semantics, params uint[] ssrcs) => new(semantics, new ValueList<uint>(ssrcs));

    // https://www.rfc-editor.org/rfc/rfc5576#section-4.2
    public static bool TryParse(string? value, out SsrcGroup? group)
    {
        group = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length < 2 || !SdpText.IsToken(fields[0]))
        {
            return false;
        }

        var ssrcs = new uint[fields.Length - 1];
        for (var i = 1; i < fields.Length; i++)
        {
            if (!SdpText.TryParseUInt(fields[i], out ssrcs[i - 1]))
            {
                return false;
            }
        }

        group = new SsrcGroup(fields[0], new ValueList<uint>(ssrcs));
        return true;
    }

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.SsrcGroup, ToString());

    public override string ToString() => Semantics + " " + string.Join(' ', Ssrcs.Select(SdpText.Format));
}
