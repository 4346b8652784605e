namespace Parley.Sdp;

/// <summary>Text form and offer/answer algebra of <see cref="MediaDirection"/>.</summary>
public static class MediaDirections
{
    public static bool Sends(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool Receives(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>Builds a direction from whether the author sends and receives.</summary>
    public static MediaDirection From(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    /// <summary>The same stream seen from the other side: the peer's sendonly is our recvonly.</summary>
    public static MediaDirection Reverse(this MediaDirection direction) => From(direction.Receives(), direction.Sends());

    /// <summary>
    /// The strongest direction an answerer may pick for an offered direction, narrowed by what it wants
    /// (RFC 3264 §6.1: it may only send what the offerer receives and only receive what the offerer sends).
    /// </summary>
    public static MediaDirection Answer(MediaDirection offered, MediaDirection wanted) =>
        From(wanted.Sends() && offered.Receives(), wanted.Receives() && offered.Sends());

    public static string ToSdp(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendRecv => SdpAttributeNames.SendRecv,
        MediaDirection.SendOnly => SdpAttributeNames.SendOnly,
        MediaDirection.RecvOnly => SdpAttributeNames.RecvOnly,
        MediaDirection.Inactive => SdpAttributeNames.Inactive,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown media direction."),
    };

    public static bool TryParse(string? text, out MediaDirection direction)
    {
        switch (text)
        {
            case SdpAttributeNames.SendRecv:
                direction = MediaDirection.SendRecv;
                return true;
            case SdpAttributeNames.SendOnly:
                direction = MediaDirection.SendOnly;
                return true;
            case SdpAttributeNames.RecvOnly:
                direction = MediaDirection.RecvOnly;
                return true;
            case SdpAttributeNames.Inactive:
                direction = MediaDirection.Inactive;
                return true;
            default:
                direction = default;
                return false;
        }
    }
}
