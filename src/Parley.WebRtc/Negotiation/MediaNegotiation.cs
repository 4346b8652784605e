using Parley.Sdp;

namespace Parley.WebRtc.Negotiation;

/// <summary>A finished offer/answer under <see cref="MediaSdpPolicy"/>: the SDP exchange and, per accepted audio/video section, its parameters as data.</summary>
public sealed class MediaNegotiation
{
    public MediaNegotiation(SdpNegotiation sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        Sdp = sdp;
        Sections = sdp.AcceptedSections
            .Where(section => section.Kind is MediaDescription.Audio or MediaDescription.Video)
            .Select(NegotiatedMediaParameters.From)
            .ToList();
    }

    /// <summary>The full exchange (both descriptions, the peer's ICE/DTLS parameters, every section).</summary>
    public SdpNegotiation Sdp { get; }

    /// <summary>The description the server wrote (its answer, or its offer), as text to send to the peer.</summary>
    public string LocalDescription => Sdp.Local.ToString();

    /// <summary>Accepted audio and video sections, in m= order.</summary>
    public IReadOnlyList<NegotiatedMediaParameters> Sections { get; }

    /// <summary>The section with <paramref name="mid"/>, or null.</summary>
    public NegotiatedMediaParameters? FindSection(string mid) => Sections.FirstOrDefault(section => section.Mid == mid);
}
