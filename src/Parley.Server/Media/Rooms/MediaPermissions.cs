namespace Parley.Server.Media.Rooms;

/// <summary>
/// What a participant may send and receive in its room: the PrivateMapKey bits of docs/protocol.md §12 (send/receive
/// audio 4/8, video 16/32, sub-stream 64/128). <see cref="All"/> when no key applies.
/// </summary>
public sealed record MediaPermissions(bool SendAudio, bool ReceiveAudio, bool SendVideo, bool ReceiveVideo, bool SendScreen, bool ReceiveScreen)
{
    public static MediaPermissions All { get; } = new(true, true, true, true, true, true);

    public bool MaySend(TrackSource source) => source switch
    {
        TrackSource.Microphone => SendAudio,
        TrackSource.Camera => SendVideo,
        _ => SendScreen,
    };

    public bool MayReceive(TrackSource source) => source switch
    {
        TrackSource.Microphone => ReceiveAudio,
        TrackSource.Camera => ReceiveVideo,
        _ => ReceiveScreen,
    };

    /// <summary>The PrivateMapKey bit a refusal names (docs/protocol.md §12).</summary>
    public static int SendBit(TrackSource source) => source switch { TrackSource.Microphone => 4, TrackSource.Camera => 16, _ => 64 };

    public static int ReceiveBit(TrackSource source) => source switch { TrackSource.Microphone => 8, TrackSource.Camera => 32, _ => 128 };
}
