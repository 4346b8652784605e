namespace Parley.Sdp;

/// <summary>
/// A track the server sends in one m= section: written as <c>a=msid</c>, <c>a=ssrc:… cname/msid</c> and, with an
/// RTX SSRC, <c>a=ssrc-group:FID</c> so the receiver can bind SSRCs before the first packet arrives.
/// </summary>
public sealed record LocalMediaStream(string StreamId, string TrackId, uint Ssrc, string CName, uint? RtxSsrc = null)
{
    public Msid Msid => new(StreamId, TrackId);

    /// <summary>Appends the ssrc-group and ssrc lines (the a=msid line is written by the caller, next to the direction).</summary>
    internal void AppendSsrcAttributes(SdpAttributeList attributes, bool includeRtx)
    {
        var msid = Msid;
        if (includeRtx && RtxSsrc is { } rtxSsrc)
        {
            attributes.Add(SsrcGroup.Create(SsrcGroup.FlowIdentification, Ssrc, rtxSsrc).ToAttribute());
        }

        AppendSsrc(attributes, Ssrc, msid);
        if (includeRtx && RtxSsrc is { } rtx)
        {
            AppendSsrc(attributes, rtx, msid);
        }
    }

    private void AppendSsrc(SdpAttributeList attributes, uint ssrc, Msid msid)
    {
        attributes.Add(new SsrcAttribute(ssrc, "cname", CName).ToAttribute());
        attributes.Add(new SsrcAttribute(ssrc, "msid", msid.ToString()).ToAttribute());
    }
}
