namespace Parley.Sdp;

/// <summary>
/// One m= section the server offers (e.g. one track an SFU forwards to a subscriber). Kind "application" makes a
/// data channel section; <see cref="Stopped"/> writes a port-0 section that keeps its place in the m= order.
/// </summary>
public sealed class OfferMediaSection
{
    public OfferMediaSection(string mid, string kind)
    {
        if (!SdpText.IsToken(mid))
        {
            throw new ArgumentException($"'{mid}' is not a valid mid (RFC 5888 token).", nameof(mid));
        }

        if (!SdpText.IsToken(kind))
        {
            throw new ArgumentException($"'{kind}' is not a valid media kind.", nameof(kind));
        }

        Mid = mid;
        Kind = kind;
    }

    public string Mid { get; }

    /// <summary>"audio", "video" or "application".</summary>
    public string Kind { get; }

    /// <summary>Default sendonly: the server forwards media to the subscriber.</summary>
    public MediaDirection Direction { get; set; } = MediaDirection.SendOnly;

    public IList<OfferCodec> Codecs { get; } = new List<OfferCodec>();

    /// <summary>Header extensions with the ids the server will write.</summary>
    public IList<Extmap> HeaderExtensions { get; } = new List<Extmap>();

    /// <summary>The track sent in this section (msid, SSRC, RTX SSRC, CNAME), or null for none yet.</summary>
    public LocalMediaStream? Stream { get; set; }

    /// <summary>A stopped transceiver: port 0, outside the BUNDLE group, mid kept (RFC 8829 §5.2.2).</summary>
    public bool Stopped { get; set; }

    /// <summary>Offer reduced-size RTCP (RFC 5506). Default true, like browsers.</summary>
    public bool RtcpRsize { get; set; } = true;
}
