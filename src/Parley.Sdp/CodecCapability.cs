namespace Parley.Sdp;

/// <summary>
/// A codec the server accepts, matched against offered rtpmap/fmtp lines: media kind, encoding name
/// (case-insensitive), clock rate, channels (when set) and <see cref="RequiredParameters"/>. A capability named
/// "rtx" accepts every offered RTX format whose <c>apt</c> points at an accepted codec of the same kind.
/// </summary>
public sealed record CodecCapability(string Kind, string Name, int ClockRate, int? Channels = null)
{
    /// <summary>fmtp parameters the offer must carry with the same value, e.g. H264 <c>packetization-mode=1</c>.</summary>
    public ValueList<KeyValuePair<string, string>> RequiredParameters { get; init; } = new([]);

    /// <summary>
    /// fmtp parameters the answer sets for this codec, added to (or replacing) what the offer carried; everything
    /// else offered passes through unchanged (e.g. Opus <c>usedtx</c>).
    /// </summary>
    public ValueList<KeyValuePair<string, string>> AnswerParameters { get; init; } = new([]);

    public static CodecCapability Opus { get; } = new(MediaDescription.Audio, "opus", 48000, 2);

    /// <summary>Opus answered with <c>useinbandfec=1</c> (RFC 7587 §6.1: we want in-band FEC from the sender); <c>usedtx</c> as offered.</summary>
    public static CodecCapability OpusWithFec { get; } = new(MediaDescription.Audio, "opus", 48000, 2)
    {
        AnswerParameters = new ValueList<KeyValuePair<string, string>>([new KeyValuePair<string, string>("useinbandfec", "1")]),
    };

    /// <summary>VP9 profile 0 (8-bit 4:2:0), the one every browser decodes (draft-ietf-payload-vp9 §6: absent profile-id means 0).</summary>
    public static CodecCapability Vp9Profile0 { get; } = new(MediaDescription.Video, "VP9", 90000)
    {
        RequiredParameters = new ValueList<KeyValuePair<string, string>>([new KeyValuePair<string, string>("profile-id", "0")]),
    };

    public static CodecCapability Vp8 { get; } = new(MediaDescription.Video, "VP8", 90000);

    /// <summary>H264 constrained baseline (profile-level-id 42e01f), packetization-mode 1 — what every browser can decode.</summary>
    public static CodecCapability H264ConstrainedBaseline { get; } = new(MediaDescription.Video, "H264", 90000)
    {
        RequiredParameters = new ValueList<KeyValuePair<string, string>>(
        [
            new KeyValuePair<string, string>("packetization-mode", "1"),
            new KeyValuePair<string, string>("profile-level-id", "42e01f"),
        ]),
    };

    /// <summary>Retransmission (RFC 4588) for video codecs.</summary>
    public static CodecCapability VideoRtx { get; } = new(MediaDescription.Video, "rtx", 90000);

    public bool IsRtx => string.Equals(Name, "rtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the offered format (<paramref name="rtpMap"/> + optional <paramref name="fmtp"/>) is this codec.</summary>
    public bool Matches(string kind, RtpMap rtpMap, Fmtp? fmtp)
    {
        ArgumentNullException.ThrowIfNull(rtpMap);
        if (kind != Kind || !rtpMap.IsEncoding(Name) || rtpMap.ClockRate != ClockRate)
        {
            return false;
        }

        // RFC 8866 §6.6: audio without a channel count is mono.
        if (Channels is { } channels && (rtpMap.Channels ?? 1) != channels)
        {
            return false;
        }

        foreach (var (key, required) in RequiredParameters)
        {
            var offered = fmtp?.Get(key) ?? DefaultParameter(key);
            if (offered is null || !ParameterMatches(key, offered, required))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The answer's fmtp for <paramref name="offered"/> (null when neither side has parameters): offered ones with <see cref="AnswerParameters"/> applied.</summary>
    public Fmtp? AnswerFmtp(int payloadType, Fmtp? offered)
    {
        if (AnswerParameters.Count == 0)
        {
            return offered;
        }

        var parameters = offered?.Parameters.ToList() ?? [];
        foreach (var (key, value) in AnswerParameters)
        {
            int existing = parameters.FindIndex(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                parameters[existing] = new KeyValuePair<string, string?>(parameters[existing].Key, value);
            }
            else
            {
                parameters.Add(new KeyValuePair<string, string?>(key, value));
            }
        }

        return new Fmtp(payloadType, new ValueList<KeyValuePair<string, string?>>(parameters));
    }

    private string? DefaultParameter(string key)
    {
        // RFC 6184 §8.1: absent packetization-mode means 0, absent profile-level-id means 420010 (baseline 1.0).
        if (string.Equals(Name, "H264", StringComparison.OrdinalIgnoreCase))
        {
            return key switch
            {
                "packetization-mode" => "0",
                "profile-level-id" => "420010",
                _ => null,
            };
        }

        // draft-ietf-payload-vp9 §6: without profile-id, profile 0 is inferred.
        return string.Equals(Name, "VP9", StringComparison.OrdinalIgnoreCase) && key == "profile-id" ? "0" : null;
    }

    private static bool ParameterMatches(string key, string offered, string required)
    {
        // profile-level-id = profile_idc, profile_iop, level_idc. Decoders of a profile handle lower levels, and
        // browsers negotiate level asymmetrically, so only the profile (first two bytes) has to agree.
        if (string.Equals(key, "profile-level-id", StringComparison.OrdinalIgnoreCase) && offered.Length == 6 && required.Length == 6)
        {
            return string.Equals(offered[..4], required[..4], StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(offered, required, StringComparison.OrdinalIgnoreCase);
    }
}
