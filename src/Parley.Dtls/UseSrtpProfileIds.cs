using Parley.Srtp;

namespace Parley.Dtls;

/// <summary>
/// The one adapter between <see cref="SrtpProfile"/> and the protection-profile ids of the DTLS <c>use_srtp</c>
/// extension (RFC 5764 §4.1.2, IANA "DTLS-SRTP Protection Profiles") that BouncyCastle speaks.
/// </summary>
internal static class UseSrtpProfileIds
{
    /// <summary>The <c>use_srtp</c> id of <paramref name="profile"/> (the enum is valued with the IANA ids).</summary>
    public static int ToId(SrtpProfile profile) => (int)profile;

    /// <summary>The profile negotiated as <paramref name="id"/>; false for ids Parley does not implement.</summary>
    public static bool TryFromId(int id, out SrtpProfile profile)
    {
        profile = (SrtpProfile)id;
        return id is >= 0 and <= ushort.MaxValue && SrtpProfileParameters.TryGet(profile, out _);
    }

    /// <summary>Exporter output length for a profile: 2 * (master key + master salt), RFC 5764 §4.2.</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) => 2 * SrtpProfileParameters.For(profile).KeyingMaterialLengthPerSide;
}
