namespace Parley.Signaling.Callbacks;

/// <summary>
/// The event numbers of server event callbacks (docs/callbacks.md). 1xx and 2xx are the vendor's room and media events
/// (product-rules §8: <c>EventGroupId</c> 1 room, 2 media); 3xx are Parley's numbers for the group and message events,
/// which are delivered in the vendor's IM callback shape (<c>CallbackCommand</c>) and numbered only so an app can pick
/// them in its event filter and an operator can read them in dead letters.
/// </summary>
public static class AppEventTypes
{
    public const int RoomCreated = 101;
    public const int RoomDissolved = 102;
    public const int UserEntered = 103;
    public const int UserExited = 104;
    public const int RoleChanged = 105;

    public const int VideoStarted = 201;
    public const int VideoStopped = 202;
    public const int AudioStarted = 203;
    public const int AudioStopped = 204;
    /// <summary>Screen sharing (the vendor's sub-stream, "assist" stream) started.</summary>
    public const int ScreenStarted = 205;
    public const int ScreenStopped = 206;

    public const int GroupCreated = 301;
    public const int GroupDestroyed = 302;
    public const int GroupMemberJoined = 303;
    public const int GroupMemberLeft = 304;
    public const int GroupMessageSent = 305;
    public const int C2CMessageSent = 306;

    /// <summary>Every event number, ascending.</summary>
    public static IReadOnlyList<int> All { get; } =
    [
        RoomCreated, RoomDissolved, UserEntered, UserExited, RoleChanged,
        VideoStarted, VideoStopped, AudioStarted, AudioStopped, ScreenStarted, ScreenStopped,
        GroupCreated, GroupDestroyed, GroupMemberJoined, GroupMemberLeft, GroupMessageSent, C2CMessageSent,
    ];

    public static bool IsKnown(int eventType) => All.Contains(eventType);

    /// <summary>The vendor's <c>EventGroupId</c>: 1 room, 2 media, 3 groups and messages (Parley's).</summary>
    public static int GroupOf(int eventType) => eventType / 100;

    /// <summary>
    /// The media event of a source becoming available (published unmuted, or unmuted) or not (unpublished, muted):
    /// camera → video, microphone → audio, screen → screen share; 0 for an unknown source.
    /// </summary>
    public static int MediaEvent(string? source, bool available) => source switch
    {
        Protocol.Messages.TrackSources.Camera => available ? VideoStarted : VideoStopped,
        Protocol.Messages.TrackSources.Microphone => available ? AudioStarted : AudioStopped,
        Protocol.Messages.TrackSources.Screen => available ? ScreenStarted : ScreenStopped,
        _ => 0,
    };
}
