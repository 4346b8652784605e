namespace Parley.Sdp;

/// <summary>
/// The outcome of offer/answer for one m= section, from the server's point of view: whether it was accepted, the
/// server's direction, the agreed codecs and header extensions, and what the peer announced about the streams it
/// sends (SSRCs, rids, simulcast, msid) — everything the RTP layer needs to route packets.
/// </summary>
public sealed class NegotiatedMediaSection
{
    private NegotiatedMediaSection(int index, string? mid, string kind)
    {
        Index = index;
        Mid = mid;
        Kind = kind;
    }

    /// <summary>Position of the m= section (0-based); identical in offer and answer.</summary>
    public int Index { get; }

    public string? Mid { get; }

    /// <summary>"audio", "video" or "application".</summary>
    public string Kind { get; }

    public bool Accepted { get; private init; }

    /// <summary>Why the section was rejected, or null when accepted.</summary>
    public string? RejectionReason { get; private init; }

    /// <summary>The server's direction for this section.</summary>
    public MediaDirection Direction { get; private init; }

    /// <summary>Agreed media codecs in preference order (RTX is folded into <see cref="NegotiatedCodec.RtxPayloadType"/>).</summary>
    public IReadOnlyList<NegotiatedCodec> Codecs { get; private init; } = [];

    /// <summary>Agreed header extensions with their ids.</summary>
    public IReadOnlyList<Extmap> HeaderExtensions { get; private init; } = [];

    /// <summary>SSRCs the peer announced with <c>a=ssrc</c> (Chromium/Firefox announce them; simulcast with rids does not).</summary>
    public IReadOnlyList<uint> RemoteSsrcs { get; private init; } = [];

    public IReadOnlyList<SsrcGroup> RemoteSsrcGroups { get; private init; } = [];

    /// <summary>The rids of the streams the peer sends (its <c>a=rid … send</c> lines that were accepted).</summary>
    public IReadOnlyList<Rid> RemoteSendRids { get; private init; } = [];

    public Simulcast? RemoteSimulcast { get; private init; }

    public Msid? RemoteMsid { get; private init; }

    /// <summary>The header extension id for <paramref name="uri"/>, or null when not negotiated.</summary>
    public int? GetHeaderExtensionId(string uri) => HeaderExtensions.FirstOrDefault(ext => ext.Uri == uri)?.Id;

    public NegotiatedCodec? FindCodec(int payloadType) =>
        Codecs.FirstOrDefault(codec => codec.PayloadType == payloadType || codec.RtxPayloadType == payloadType);

    internal static NegotiatedMediaSection Rejected(int index, MediaDescription offered, string reason) =>
        new(index, offered.Mid, offered.Media)
        {
            Accepted = false,
            RejectionReason = reason,
            Direction = MediaDirection.Inactive,
        };

    /// <summary>
    /// Reads the agreement from the final section (<paramref name="agreed"/>: the answer's, which holds the surviving
    /// codecs/extensions) and the peer's section (<paramref name="remote"/>: its SSRCs and rids).
    /// </summary>
    internal static NegotiatedMediaSection Accept(int index, MediaDescription agreed, MediaDescription remote, MediaDirection localDirection)
    {
        // The peer's "send" rids; when we wrote the answer, only those we echoed as "recv" survive.
        var acceptedRemoteRids = remote.Rids.Where(rid => rid.Direction == RidDirection.Send).ToList();
        if (!ReferenceEquals(agreed, remote))
        {
            var echoed = agreed.Rids.Where(rid => rid.Direction == RidDirection.Recv).Select(rid => rid.Id).ToHashSet(StringComparer.Ordinal);
            acceptedRemoteRids.RemoveAll(rid => !echoed.Contains(rid.Id));
        }

        return new NegotiatedMediaSection(index, agreed.Mid ?? remote.Mid, agreed.Media)
        {
            Accepted = true,
            Direction = localDirection,
            Codecs = ReadCodecs(agreed),
            HeaderExtensions = agreed.Extmaps.ToList(),
            RemoteSsrcs = remote.Ssrcs.ToList(),
            RemoteSsrcGroups = remote.SsrcGroups.ToList(),
            RemoteSendRids = acceptedRemoteRids,
            RemoteSimulcast = acceptedRemoteRids.Count > 0 ? remote.Simulcast : null,
            RemoteMsid = remote.Msids.FirstOrDefault(),
        };
    }

    private static List<NegotiatedCodec> ReadCodecs(MediaDescription section)
    {
        var formats = new MediaFormats(section);
        var rtxByApt = new Dictionary<int, int>();
        foreach (var payloadType in formats.PayloadTypes)
        {
            if (formats.IsRtx(payloadType) && formats.Fmtp(payloadType)?.AssociatedPayloadType is { } apt)
            {
                rtxByApt.TryAdd(apt, payloadType);
            }
        }

        var codecs = new List<NegotiatedCodec>();
        foreach (var payloadType in formats.PayloadTypes)
        {
            var map = formats.RtpMap(payloadType);
            if (map is null || map.IsEncoding("rtx"))
            {
                continue;
            }

            codecs.Add(new NegotiatedCodec(
                payloadType,
                map.EncodingName,
                map.ClockRate,
                map.Channels,
                formats.Fmtp(payloadType),
                new ValueList<RtcpFeedback>(formats.Feedback.Where(fb => fb.AppliesTo(payloadType))),
                rtxByApt.TryGetValue(payloadType, out var rtx) ? rtx : null));
        }

        return codecs;
    }
}
