namespace Parley.Sdp;

/// <summary>
/// Intersects one offered m= section with the server's codec capabilities, keeping the offer's payload type
/// numbers and order (RFC 8829 §5.3.1: the answer uses the offerer's payload types).
/// </summary>
internal static class CodecSelection
{
    /// <summary>The accepted payload types in offer order: media codecs that match, then RTX whose apt survived.</summary>
    public static List<int> Select(MediaFormats offered, IList<CodecCapability> capabilities)
    {
        var accepted = new HashSet<int>();
        var rtxWanted = capabilities.Any(c => c.IsRtx && c.Kind == offered.Kind);
        var rtxCandidates = new List<(int PayloadType, int Apt)>();
        foreach (var payloadType in offered.PayloadTypes)
        {
            var map = offered.RtpMap(payloadType);
            if (map is null)
            {
                continue;
            }

            var fmtp = offered.Fmtp(payloadType);
            if (map.IsEncoding("rtx"))
            {
                if (rtxWanted && fmtp?.AssociatedPayloadType is { } apt)
                {
                    rtxCandidates.Add((payloadType, apt));
                }

                continue;
            }

            if (capabilities.Any(capability => !capability.IsRtx && capability.Matches(offered.Kind, map, fmtp)))
            {
                accepted.Add(payloadType);
            }
        }

        foreach (var (payloadType, apt) in rtxCandidates)
        {
            if (accepted.Contains(apt))
            {
                accepted.Add(payloadType);
            }
        }

        // Offer order is the offerer's preference; keep it.
        return offered.PayloadTypes.Where(accepted.Contains).ToList();
    }

    /// <summary>
    /// Feedback lines for <paramref name="payloadType"/> (null: the "*" lines), filtered by the supported set when given.
    /// </summary>
    public static IEnumerable<RtcpFeedback> Feedback(MediaFormats offered, int? payloadType, ISet<string>? supported) =>
        offered.Feedback
            .Where(fb => fb.PayloadType == payloadType)
            .Where(fb => supported is null || supported.Contains(fb.Parameter is null ? fb.Type : fb.Type + " " + fb.Parameter));
}
