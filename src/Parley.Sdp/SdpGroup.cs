namespace Parley.Sdp;

/// <summary>
/// <c>a=group:&lt;semantics&gt; &lt;mid&gt; …</c> (RFC 5888 §5), e.g. <c>BUNDLE 0 1 2</c> (RFC 8843): the m= sections
/// with those mids share one transport; the first mid is the BUNDLE tag.
/// </summary>
public sealed record SdpGroup(string Semantics, ValueList<string> Mids)
{
    public const string Bundle = "BUNDLE";

    public static SdpGroup Create(string semantics, IEnumerable<string> mids) => new(semantics, new ValueList<string>(mids));

    // https://www.rfc-editor.org/rfc/rfc5888#section-5
    public static bool TryParse(string? value, out SdpGroup? group)
    {
        group = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length < 1 || !SdpText.IsToken(fields[0]))
        {
            return false;
        }

        group = new SdpGroup(fields[0], new ValueList<string>(fields[1..]));
        return true;
    }

    public bool IsBundle => string.Equals(Semantics, Bundle, StringComparison.OrdinalIgnoreCase);

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Group, ToString());

    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);
}
