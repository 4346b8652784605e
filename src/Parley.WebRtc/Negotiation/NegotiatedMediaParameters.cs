using Parley.Sdp;

namespace Parley.WebRtc.Negotiation;

/// <summary>
/// What one accepted m= section agreed, as plain data for the RTP layer (the SFU's producers and consumers): the
/// codecs with their payload types and RTX payload types, and the id of each header extension (null when not
/// negotiated). Read with <see cref="MediaNegotiation.Sections"/>.
/// </summary>
public sealed record NegotiatedMediaParameters
{
    /// <summary>Position of the m= section (0-based).</summary>
    public required int Index { get; init; }

    public required string? Mid { get; init; }

    /// <summary>"audio" or "video".</summary>
    public required string Kind { get; init; }

    /// <summary>The server's direction in this section.</summary>
    public required MediaDirection Direction { get; init; }

    /// <summary>Agreed codecs in preference order; each carries its payload type, fmtp, feedback and RTX payload type.</summary>
    public required IReadOnlyList<NegotiatedCodec> Codecs { get; init; }

    /// <summary>Every agreed header extension id by URI (see <see cref="RtpHeaderExtensionUris"/>).</summary>
    public required IReadOnlyDictionary<string, int> HeaderExtensionIds { get; init; }

    /// <summary>SSRCs the peer announced (<c>a=ssrc</c>); empty with rid-based simulcast.</summary>
    public required IReadOnlyList<uint> RemoteSsrcs { get; init; }

    /// <summary>The rids of the layers the peer sends (simulcast), in its order; empty without simulcast.</summary>
    public required IReadOnlyList<string> RemoteSendRids { get; init; }

    /// <summary>The preferred (first) codec's payload type.</summary>
    public int? PayloadType => Codecs.Count > 0 ? Codecs[0].PayloadType : null;

    /// <summary>The preferred codec's RTX payload type, when RTX was negotiated for it.</summary>
    public int? RtxPayloadType => Codecs.Count > 0 ? Codecs[0].RtxPayloadType : null;

    public int? MidExtensionId => ExtensionId(RtpHeaderExtensionUris.Mid);

    public int? RidExtensionId => ExtensionId(RtpHeaderExtensionUris.Rid);

    public int? RepairedRidExtensionId => ExtensionId(RtpHeaderExtensionUris.RepairedRid);

    public int? AudioLevelExtensionId => ExtensionId(RtpHeaderExtensionUris.AudioLevel);

    public int? AbsSendTimeExtensionId => ExtensionId(RtpHeaderExtensionUris.AbsSendTime);

    public int? TransportWideCcExtensionId => ExtensionId(RtpHeaderExtensionUris.TransportWideCc);

    public int? VideoOrientationExtensionId => ExtensionId(RtpHeaderExtensionUris.VideoOrientation);

    /// <summary>The id of the extension <paramref name="uri"/>, or null when not negotiated.</summary>
    public int? ExtensionId(string uri) => HeaderExtensionIds.TryGetValue(uri, out int id) ? id : null;

    /// <summary>The codec sent with <paramref name="payloadType"/> (its own or its RTX payload type), or null.</summary>
    public NegotiatedCodec? FindCodec(int payloadType) =>
        Codecs.FirstOrDefault(codec => codec.PayloadType == payloadType || codec.RtxPayloadType == payloadType);

    /// <summary>Reads an accepted section of a finished negotiation.</summary>
    public static NegotiatedMediaParameters From(NegotiatedMediaSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var extension in section.HeaderExtensions)
        {
            ids.TryAdd(extension.Uri, extension.Id);
        }

        return new NegotiatedMediaParameters
        {
            Index = section.Index,
            Mid = section.Mid,
            Kind = section.Kind,
            Direction = section.Direction,
            Codecs = section.Codecs,
            HeaderExtensionIds = ids,
            RemoteSsrcs = section.RemoteSsrcs,
            RemoteSendRids = section.RemoteSendRids.Select(rid => rid.Id).ToList(),
        };
    }
}
