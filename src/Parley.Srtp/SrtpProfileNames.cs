namespace Parley.Srtp;

/// <summary>
/// The text form of <see cref="SrtpProfile"/>: the registered names (RFC 5764 §4.1.2, RFC 7714 §14.2) used in
/// configuration, stats and logs, and the one default preference order every layer (DTLS, transport, client) uses.
/// </summary>
public static class SrtpProfileNames
{
    /// <summary>
    /// The default preference, used when <c>Media:SrtpProfiles</c> is empty: AEAD first (cheaper per packet,
    /// stronger, and what Chromium prefers), then the mandatory AES-CM.
    /// </summary>
    public static readonly IReadOnlyList<SrtpProfile> DefaultOrder =
    [
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.AesCm128HmacSha1_80,
        SrtpProfile.AesCm128HmacSha1_32,
    ];

    public static string ToName(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => "AES_CM_128_HMAC_SHA1_80",
        SrtpProfile.AesCm128HmacSha1_32 => "AES_CM_128_HMAC_SHA1_32",
        SrtpProfile.AeadAes128Gcm => "AEAD_AES_128_GCM",
        SrtpProfile.AeadAes256Gcm => "AEAD_AES_256_GCM",
        _ => profile.ToString(),
    };

    /// <summary>Parses a registered name (case-insensitive; the "SRTP_" prefix of the DTLS registry is accepted).</summary>
    public static bool TryParse(string? name, out SrtpProfile profile)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.StartsWith("SRTP_", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[5..];
        }

        foreach (var candidate in DefaultOrder)
        {
            if (string.Equals(ToName(candidate), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                profile = candidate;
                return true;
            }
        }

        profile = default;
        return false;
    }

    /// <summary>
    /// Parses a comma-separated preference list; empty gives <see cref="DefaultOrder"/>. Unknown names are
    /// configuration errors and throw <see cref="ArgumentException"/>.
    /// </summary>
    public static IReadOnlyList<SrtpProfile> ParseList(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return DefaultOrder;
        }

        var profiles = new List<SrtpProfile>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var profile))
            {
                throw new ArgumentException($"Unknown SRTP profile '{part}'. Known: {string.Join(", ", DefaultOrder.Select(ToName))}.", nameof(list));
            }

            if (!profiles.Contains(profile))
            {
                profiles.Add(profile);
            }
        }

        return profiles;
    }
}
