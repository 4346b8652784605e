using Parley.Auth;

namespace Parley.Server.Media.Rooms;

/// <summary>The PrivateMapKey bit (docs/protocol.md §12) that sending or receiving each source needs.</summary>
internal static class MediaPermissions
{
    public static RoomPrivileges SendBit(TrackSource source) => source switch
    {
        TrackSource.Microphone => RoomPrivileges.SendAudio,
        TrackSource.Camera => RoomPrivileges.SendVideo,
        _ => RoomPrivileges.SendSubStream,
    };

    public static RoomPrivileges ReceiveBit(TrackSource source) => source switch
    {
        TrackSource.Microphone => RoomPrivileges.ReceiveAudio,
        TrackSource.Camera => RoomPrivileges.ReceiveVideo,
        _ => RoomPrivileges.ReceiveSubStream,
    };

    public static bool MaySend(this RoomPrivileges privileges, TrackSource source) => (privileges & SendBit(source)) != 0;

    public static bool MayReceive(this RoomPrivileges privileges, TrackSource source) => (privileges & ReceiveBit(source)) != 0;
}
