namespace Parley.Signaling.Callbacks;

/// <summary>
/// A message about to be sent, as the before-send callback sees it. A group message has <paramref name="GroupId"/>
/// and <paramref name="GroupType"/>; a C2C one <paramref name="To"/>. <paramref name="MsgBody"/> is the element array
/// as JSON text (product-rules §6); <paramref name="FromRestApi"/> tells a backend's send from a client's.
/// </summary>
public sealed record BeforeSendMessage(
    long SdkAppId,
    string From,
    uint MsgRandom,
    string MsgBody,
    string? GroupId = null,
    string? GroupType = null,
    string? To = null,
    string? Priority = null,
    bool FromRestApi = false);
