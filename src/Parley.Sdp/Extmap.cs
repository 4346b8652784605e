namespace Parley.Sdp;

/// <summary>
/// <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;attributes&gt;]</c>: binds an RTP header extension URI to
/// a local id (1–14 for one-byte headers, up to 255 with two-byte headers).
/// </summary>
public sealed record Extmap(int Id, string Uri, MediaDirection? Direction = null, string? ExtensionAttributes = null)
{
    // https://www.rfc-editor.org/rfc/rfc8285#section-8
    public static bool TryParse(string? value, out Extmap? extmap)
    {
        extmap = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length < 2)
        {
            return false;
        }

        var idText = fields[0];
        MediaDirection? direction = null;
        var slash = idText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!MediaDirections.TryParse(idText[(slash + 1)..], out var parsedDirection))
            {
                return false;
            }

            direction = parsedDirection;
            idText = idText[..slash];
        }

        if (!SdpText.TryParseInt(idText, out var id) || id is < 1 or > 255)
        {
            return false;
        }

        var attributes = fields.Length > 2 ? string.Join(' ', fields[2..]) : null;
        extmap = new Extmap(id, fields[1], direction, attributes);
        return true;
    }

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Extmap, ToString());

    public override string ToString()
    {
        var id = Direction is { } direction ? $"{SdpText.Format(Id)}/{direction.ToSdp()}" : SdpText.Format(Id);
        return ExtensionAttributes is null ? $"{id} {Uri}" : $"{id} {Uri} {ExtensionAttributes}";
    }
}
