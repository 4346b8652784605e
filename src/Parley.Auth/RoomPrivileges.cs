namespace Parley.Auth;

/// <summary>Privilege bits of a <see cref="PrivateMapKey"/> (product-rules §2, "PrivateMapKey").</summary>
[Flags]
public enum RoomPrivileges : uint
{
    None = 0,
    CreateRoom = 1,
    EnterRoom = 2,
    SendAudio = 4,
    ReceiveAudio = 8,
    SendVideo = 16,
    ReceiveVideo = 32,

    /// <summary>Send the sub-stream (screen sharing).</summary>
    SendSubStream = 64,

    /// <summary>Receive the sub-stream (screen sharing).</summary>
    ReceiveSubStream = 128,
    All = 255,
}
