using Parley.Dtls;
namespace Parley.Sdp;

/// <summary>
/// The peer's ICE and DTLS parameters, read from the m= section that carries its transport (the BUNDLE tag, else
/// the first usable section), falling back to session-level attributes the way Firefox writes them.
/// </summary>
public sealed record SdpTransportInfo(
    string IceUfrag,
    string IcePwd,
    ValueList<DtlsFingerprint> Fingerprints,
    SetupRole? Setup,
    bool IceLite,
    ValueList<string> IceOptions,
    ValueList<IceCandidate> Candidates,
    bool EndOfCandidates)
{
    /// <summary>The first fingerprint (browsers send one, sha-256).</summary>
    public DtlsFingerprint Fingerprint => Fingerprints[0];

    /// <summary>Reads the transport of <paramref name="description"/>; fails (no throw) when ufrag, pwd or fingerprint is missing.</summary>
    public static bool TryFrom(SessionDescription description, out SdpTransportInfo? info, out string? error)
    {
        ArgumentNullException.ThrowIfNull(description);
        info = null;
        var transportSection = FindTransportSection(description);
        var ufrag = transportSection?.IceUfrag ?? description.IceUfrag;
        var pwd = transportSection?.IcePwd ?? description.IcePwd;
        var fingerprints = transportSection?.Fingerprints.ToList() ?? [];
        if (fingerprints.Count == 0)
        {
            fingerprints = description.Fingerprints.ToList();
        }

        if (ufrag is null || pwd is null)
        {
            error = "the description has no a=ice-ufrag/a=ice-pwd";
            return false;
        }

        if (fingerprints.Count == 0)
        {
            error = "the description has no a=fingerprint (DTLS-SRTP is mandatory)";
            return false;
        }

        // With BUNDLE every bundled section describes the same transport; gather candidates from all of them once.
        var sections = BundledSections(description, transportSection);
        var candidates = new List<IceCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            foreach (var candidate in section.Candidates)
            {
                if (seen.Add(candidate.ToString()))
                {
                    candidates.Add(candidate);
                }
            }
        }

        info = new SdpTransportInfo(
            ufrag,
            pwd,
            new ValueList<DtlsFingerprint>(fingerprints),
            transportSection?.Setup ?? description.Setup,
            description.IsIceLite,
            new ValueList<string>(description.IceOptions.Concat(transportSection is null ? [] : OptionsOf(transportSection)).Distinct()),
            new ValueList<IceCandidate>(candidates),
            sections.Any(section => section.HasEndOfCandidates));
        error = null;
        return true;
    }

    private static MediaDescription? FindTransportSection(SessionDescription description)
    {
        var bundle = description.BundleGroup;
        if (bundle is not null)
        {
            foreach (var mid in bundle.Mids)
            {
                var section = description.FindMedia(mid);
                if (section is not null && !section.IsRejected)
                {
                    return section;
                }
            }
        }

        return description.Media.FirstOrDefault(section => !section.IsRejected);
    }

    private static List<MediaDescription> BundledSections(SessionDescription description, MediaDescription? transportSection)
    {
        if (transportSection is null)
        {
            return [];
        }

        var bundle = description.BundleGroup;
        if (bundle is null || transportSection.Mid is null || !bundle.Mids.Contains(transportSection.Mid))
        {
            return [transportSection];
        }

        return description.Media.Where(section => section.Mid is not null && bundle.Mids.Contains(section.Mid)).ToList();
    }

    private static IEnumerable<string> OptionsOf(MediaDescription section) =>
        section.Attributes.GetValues(SdpAttributeNames.IceOptions).SelectMany(SdpText.SplitFields);
}
