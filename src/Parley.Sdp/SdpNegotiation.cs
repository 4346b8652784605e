namespace Parley.Sdp;

/// <summary>
/// A finished offer/answer exchange as the server's transport sees it: our description, the peer's, the peer's
/// ICE/DTLS parameters and the per-section agreement (in m= order).
/// </summary>
public sealed class SdpNegotiation
{
    internal SdpNegotiation(
        SessionDescription local,
        SessionDescription remote,
        SdpTransportInfo remoteTransport,
        IReadOnlyList<NegotiatedMediaSection> sections,
        IReadOnlyList<string> bundleMids)
    {
        Local = local;
        Remote = remote;
        RemoteTransport = remoteTransport;
        Sections = sections;
        BundleMids = bundleMids;
    }

    /// <summary>The description the server wrote (the answer when the browser offered, the offer otherwise).</summary>
    public SessionDescription Local { get; }

    public SessionDescription Remote { get; }

    /// <summary>The peer's ufrag/pwd, fingerprint(s), setup role and candidates.</summary>
    public SdpTransportInfo RemoteTransport { get; }

    public IReadOnlyList<NegotiatedMediaSection> Sections { get; }

    /// <summary>The mids sharing the single transport (empty when the exchange did not bundle).</summary>
    public IReadOnlyList<string> BundleMids { get; }

    /// <summary>The server's DTLS role: true when the server is the DTLS client (its setup is active).</summary>
    public bool IsDtlsClient
    {
        get
        {
            var role = Local.Media.Where(m => !m.IsRejected).Select(m => m.Setup).FirstOrDefault(r => r is not null) ?? Local.Setup;
            return role == SetupRole.Active;
        }
    }

    public NegotiatedMediaSection? FindSection(string mid) => Sections.FirstOrDefault(section => section.Mid == mid);

    /// <summary>The accepted sections only.</summary>
    public IEnumerable<NegotiatedMediaSection> AcceptedSections => Sections.Where(section => section.Accepted);
}
