namespace Parley.Sdp;

/// <summary>
/// <c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830 §2): the MediaStream the track belongs to
/// ("-" = no stream) and the track's id.
/// </summary>
public sealed record Msid(string StreamId, string? TrackId = null)
{
    /// <summary>The stream id browsers use for a track that belongs to no MediaStream.</summary>
    public const string NoStream = "-";

    // https://www.rfc-editor.org/rfc/rfc8830#section-2
    public static bool TryParse(string? value, out Msid? msid)
    {
        msid = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        if (fields.Length is < 1 or > 2)
        {
            return false;
        }

        msid = new Msid(fields[0], fields.Length == 2 ? fields[1] : null);
        return true;
    }

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Msid, ToString());

    public override string ToString() => TrackId is null ? StreamId : StreamId + " " + TrackId;
}
