namespace Parley.Sdp;

/// <summary>
/// Intersects one offered m= section with the server's codec capabilities, keeping the offer's payload type
/// numbers and order (RFC 8829 §5.3.1: the answer uses the offerer's payload types).
/// </summary>
internal static class CodecSelection
{
    /// <summary>The accepted payload types in offer order: media codecs first matched, then RTX whose apt survived.</summary>
    public static List<int> Select(MediaDescription offered, IList<CodecCapability> capabilities)
    {
        var accepted = new HashSet<int>();
        var rtxWanted = capabilities.Any(c => c.IsRtx && c.Kind == offered.Media);
        var rtxCandidates = new List<(int PayloadType, int Apt)>();
        foreach (var payloadType in offered.PayloadTypes)
        {
            var map = offered.GetRtpMap(payloadType) ?? StaticPayloadTypes.Find(payloadType);
            if (map is null)
            {
                continue;
            }

            if (map.IsEncoding("rtx"))
            {
                if (rtxWanted && offered.GetFmtp(payloadType)?.AssociatedPayloadType is { } apt)
                {
                    rtxCandidates.Add((payloadType, apt));
                }

                continue;
            }

            var fmtp = offered.GetFmtp(payloadType);
            if (capabilities.Any(capability => !capability.IsRtx && capability.Matches(offered.Media, map, fmtp)))
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
        return offered.PayloadTypes.Where(accepted.Contains).Distinct().ToList();
    }

    /// <summary>Feedback lines of the accepted payload types (and "*" lines), filtered by the supported set when given.</summary>
    public static IEnumerable<RtcpFeedback> Feedback(MediaDescription offered, int payloadType, ISet<string>? supported) =>
        offered.RtcpFeedbacks
            .Where(fb => fb.PayloadType == payloadType)
            .Where(fb => supported is null || supported.Contains(fb.Parameter is null ? fb.Type : fb.Type + " " + fb.Parameter));

    public static IEnumerable<RtcpFeedback> WildcardFeedback(MediaDescription offered, ISet<string>? supported) =>
        offered.RtcpFeedbacks
            .Where(fb => fb.PayloadType is null)
            .Where(fb => supported is null || supported.Contains(fb.Parameter is null ? fb.Type : fb.Type + " " + fb.Parameter));
}
