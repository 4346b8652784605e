namespace Parley.Sdp;

/// <summary>The ICE/DTLS lines the server writes into its offers and answers.</summary>
internal static class TransportAttributes
{
    /// <summary>ufrag, pwd, ice-options, fingerprint and setup (RFC 8839 §5.4, RFC 8122 §5, RFC 4145 §4).</summary>
    public static void Add(MediaDescription section, LocalTransportParameters transport, SetupRole setup)
    {
        section.Attributes.Add(SdpAttributeNames.IceUfrag, transport.IceUfrag);
        section.Attributes.Add(SdpAttributeNames.IcePwd, transport.IcePwd);
        if (transport.IceOptions.Count > 0)
        {
            section.Attributes.Add(SdpAttributeNames.IceOptions, string.Join(' ', transport.IceOptions));
        }

        section.Attributes.Add(new SdpAttribute(SdpAttributeNames.Fingerprint, transport.Fingerprint.ToString()));
        section.Attributes.Add(SdpAttributeNames.Setup, setup.ToSdp());
    }

    public static void AddCandidates(MediaDescription section, LocalTransportParameters transport)
    {
        foreach (var candidate in transport.Candidates)
        {
            section.Attributes.Add(candidate.ToAttribute());
        }

        // An ICE-lite server knows all its candidates up front, so it can close gathering in the same description.
        section.Attributes.Add(SdpAttributeNames.EndOfCandidates);
    }
}
